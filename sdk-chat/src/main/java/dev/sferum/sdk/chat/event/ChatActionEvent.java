package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.util.Optional;

/**
 * Something happened in a chat the community is in: a member joined or left, the title or photo changed, a message
 * was pinned. VK reports these as {@code message_new} whose message carries an {@code action}; the SDK gives each
 * its own type.
 *
 * <pre>{@code
 * events.on(ChatActionEvent.class, a -> log.info("chat {}: {}", a.chat(), a.message().action().orElseThrow()));
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface ChatActionEvent extends ChatEvent permits ChatCreated, ChatTitleUpdated, ChatPhotoUpdated,
        MemberJoined, MemberLeft, MessagePinned, MessageUnpinned, OtherChatAction {

    /** @return the service message that carries the action (its {@code from} is who acted) */
    Message message();

    /** @return the chat the action happened in */
    default PeerId chat() {
        return message().ref().peer();
    }

    /** @return the chat */
    @Override
    default Optional<PeerId> peer() {
        return Optional.of(chat());
    }
}
