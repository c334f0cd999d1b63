package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Optional;

/**
 * Something happened in a chat the community or bot is in: a member joined or left, the title or photo changed, a
 * message was pinned. VK reports these as {@code message_new} whose message carries an {@code action}; MAX as updates
 * of their own ({@code user_added}, {@code chat_title_changed}, …). The SDK gives each its own type.
 *
 * <pre>{@code
 * events.on(ChatActionEvent.class, a -> log.info("chat {}: {} by {} at {}", a.chat(), a.getClass().getSimpleName(),
 *         a.actor(), a.at()));
 * }</pre>
 *
 * <p>Who acted, where and when are the event's own values on both backends. Only VK has a service message behind
 * the action; {@link #message()} is empty on MAX, which has none.
 *
 * @since 0.1.0
 */
public sealed interface ChatActionEvent extends ChatEvent permits ChatCreated, ChatTitleUpdated, ChatPhotoUpdated,
        MemberJoined, MemberLeft, MessagePinned, MessageUnpinned, OtherChatAction {

    /** {@return the chat the action happened in} */
    PeerId chat();

    /** {@return who acted: on VK the service message's {@code from}; on MAX the user the update names} */
    PeerId actor();

    /** {@return when it happened: on VK the service message's date; on MAX the update's {@code timestamp}} */
    Instant at();

    /**
     * {@return the service message that carries the action, on VK; empty on MAX, which has no service messages (its
     *     chat, author and date are {@link #chat()}, {@link #actor()} and {@link #at()})}
     */
    Optional<Message> message();

    /** {@return the chat} */
    @Override
    default Optional<PeerId> peer() {
        return Optional.of(chat());
    }
}
