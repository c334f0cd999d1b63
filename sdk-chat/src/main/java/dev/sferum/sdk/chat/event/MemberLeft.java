package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone left a chat or was removed from it ({@code chat_kick_user}). VK uses one action for both: when the
 * member is the actor (the message's author) they left, otherwise the actor removed them.
 *
 * <pre>{@code
 * events.on(MemberLeft.class, l -> roster.left(l.chat(), l.member(), l.kicked()));
 * }</pre>
 *
 * @param meta VK's envelope and the raw JSON
 * @param chat the chat the action happened in
 * @param actor who removed the member (on VK the service message's {@code from}); the member, if they left
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param member who is gone: a user or a community
 * @param kicked whether someone else removed them, rather than them leaving
 * @since 0.1.0
 */
public record MemberLeft(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
        PeerId member, boolean kicked) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param chat see the record component
     * @param actor see the record component
     * @param at see the record component
     * @param message see the record component
     * @param member see the record component
     * @param kicked see the record component
     */
    public MemberLeft {
        ChatActions.check(meta, chat, actor, at, message);
        Objects.requireNonNull(member, "member");
    }

    /** {@return who removed the member ({@link #actor()}); the member themselves if they left} */
    public PeerId removedBy() {
        return actor;
    }
}
