package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone joined a chat: invited by a member, through an invite link, or by an accepted request
 * ({@code chat_invite_user}, {@code chat_invite_user_by_link}, {@code chat_invite_user_by_message_request}).
 *
 * <pre>{@code
 * events.on(MemberJoined.class, j -> roster.joined(j.chat(), j.member()));
 * }</pre>
 *
 * @param meta VK's envelope and the raw JSON
 * @param chat the chat the action happened in
 * @param actor who brought the member in (on VK the service message's {@code from}); the member themselves for a
 *     link
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param member who joined: a user, or a community (a bot) added to the chat
 * @param via how they came in
 * @since 0.1.0
 */
public record MemberJoined(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
        PeerId member, Via via) implements ChatActionEvent {

    /** How a member came into a chat. */
    public enum Via {
        /** A member added them ({@code chat_invite_user}); a member who left and came back on their own also shows so. */
        INVITE,
        /** They followed an invite link ({@code chat_invite_user_by_link}). */
        LINK,
        /** Their request to join was accepted ({@code chat_invite_user_by_message_request}). */
        REQUEST
    }

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param chat see the record component
     * @param actor see the record component
     * @param at see the record component
     * @param message see the record component
     * @param member see the record component
     * @param via see the record component
     */
    public MemberJoined {
        ChatActions.check(meta, chat, actor, at, message);
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(via, "via");
    }

    /** {@return who brought the member in ({@link #actor()}); the member themselves for a link} */
    public PeerId invitedBy() {
        return actor;
    }
}
