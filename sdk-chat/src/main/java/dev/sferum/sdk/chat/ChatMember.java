package dev.sferum.sdk.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One member of a chat: a user or a community (the bot itself is a member of the chats it created).
 *
 * @since 0.1.0
 */
public final class ChatMember {
    private final PeerId member;
    private final boolean admin;
    private final boolean owner;
    private final PeerId invitedBy;
    private final Instant joinedAt;

    /**
     * Creates the value; the SDK does this when it reads a member list.
     *
     * @param member the member, a user or community
     * @param admin whether they are a chat admin
     * @param owner whether they created the chat
     * @param invitedBy who added them, or {@code null} if unknown
     * @param joinedAt when they joined, or {@code null} if unknown
     * @throws IllegalArgumentException if the member is a chat
     */
    public ChatMember(PeerId member, boolean admin, boolean owner, PeerId invitedBy, Instant joinedAt) {
        this.member = Objects.requireNonNull(member, "member");
        if (member.isChat()) {
            throw new IllegalArgumentException("a chat member is a user or community, not " + member);
        }
        this.admin = admin;
        this.owner = owner;
        this.invitedBy = invitedBy;
        this.joinedAt = joinedAt;
    }

    /** {@return the member: a user or a community} */
    public PeerId member() {
        return member;
    }

    /** {@return the member as a user, if it is one} */
    public Optional<UserId> user() {
        return member.isUser() ? Optional.of(UserId.of(member.id())) : Optional.empty();
    }

    /** {@return whether the member is a chat admin} */
    public boolean admin() {
        return admin;
    }

    /** {@return whether the member created the chat} */
    public boolean owner() {
        return owner;
    }

    /** {@return who added the member, if known} */
    public Optional<PeerId> invitedBy() {
        return Optional.ofNullable(invitedBy);
    }

    /** {@return when the member joined, if known} */
    public Optional<Instant> joinedAt() {
        return Optional.ofNullable(joinedAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatMember m && m.member.equals(member) && m.admin == admin && m.owner == owner
                && Objects.equals(m.invitedBy, invitedBy) && Objects.equals(m.joinedAt, joinedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(member, admin, owner, invitedBy, joinedAt);
    }

    @Override
    public String toString() {
        return "ChatMember[" + member + (owner ? " owner" : "") + (admin ? " admin" : "") + "]";
    }
}
