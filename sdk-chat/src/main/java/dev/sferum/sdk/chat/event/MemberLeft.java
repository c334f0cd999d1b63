package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.util.Objects;

/**
 * Someone left a chat or was removed from it ({@code chat_kick_user}). VK uses one action for both: when the
 * member is the message's author they left, otherwise the author removed them.
 *
 * <pre>{@code
 * events.on(MemberLeft.class, l -> roster.left(l.chat(), l.member(), l.kicked()));
 * }</pre>
 *
 * @param meta VK's envelope and the raw JSON
 * @param message the service message; its {@code from} is who removed the member (or the member, if they left)
 * @param member who is gone: a user or a community
 * @param kicked whether someone else removed them, rather than them leaving
 * @since 0.1.0
 */
public record MemberLeft(EventMeta meta, Message message, PeerId member, boolean kicked) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param member see the record component
     * @param kicked see the record component
     */
    public MemberLeft {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(member, "member");
    }

    /** @return who removed the member; the member themselves if they left */
    public PeerId removedBy() {
        return message.from();
    }
}
