package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.internal.Require;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Adds a user to a chat. On VK only a user token can (its {@code messages.addChatUser}); a community gets an
 * {@link UnsupportedChatOperationException} and should share the chat's {@link InviteLink} instead.
 *
 * <pre>{@code
 * chats.addMember(r -> r.chat(chat).user(UserId.of(1001)).visibleMessagesCount(100));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AddMemberRequest {
    private final PeerId chat;
    private final UserId user;
    private final int visibleMessagesCount;

    private AddMemberRequest(Builder b) {
        this.chat = b.chat;
        this.user = b.user;
        this.visibleMessagesCount = b.visibleMessagesCount;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes a request to add a user to a chat.
     *
     * @param chat the chat
     * @param user the user
     * @return the request
     */
    public static AddMemberRequest of(PeerId chat, UserId user) {
        return builder().chat(chat).user(user).build();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.chat = chat;
        b.user = user;
        b.visibleMessagesCount = visibleMessagesCount;
        return b;
    }

    /** {@return the chat} */
    public PeerId chat() {
        return chat;
    }

    /** {@return the user to add} */
    public UserId user() {
        return user;
    }

    /** {@return how many earlier messages the new member sees, if set} */
    public OptionalInt visibleMessagesCount() {
        return visibleMessagesCount >= 0 ? OptionalInt.of(visibleMessagesCount) : OptionalInt.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddMemberRequest r && r.chat.equals(chat) && r.user.equals(user) && r.visibleMessagesCount == visibleMessagesCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(chat, user, visibleMessagesCount);
    }

    @Override
    public String toString() {
        return "AddMemberRequest[" + chat + ", user " + user + "]";
    }

    /** Builds an {@link AddMemberRequest}. Not thread-safe. */
    public static final class Builder {
        private PeerId chat;
        private UserId user;
        private int visibleMessagesCount = -1;

        private Builder() {
        }

        /**
         * Sets the chat.
         *
         * @param chat the chat; must be a chat
         * @return this builder
         */
        public Builder chat(PeerId chat) {
            this.chat = Objects.requireNonNull(chat, "chat").requireChat("chat");
            return this;
        }

        /**
         * Sets the user to add.
         *
         * @param user the user to add
         * @return this builder
         */
        public Builder user(UserId user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /**
         * How many of the latest messages the new member can read; by default the backend decides.
         *
         * @param count 0 to 1000
         * @return this builder
         */
        public Builder visibleMessagesCount(int count) {
            this.visibleMessagesCount = Require.between(count, 0, 1000, "visibleMessagesCount");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if the chat or user is missing
         */
        public AddMemberRequest build() {
            if (chat == null || user == null) {
                throw new IllegalArgumentException("set both the chat and the user to add");
            }
            return new AddMemberRequest(this);
        }
    }
}
