package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.spi.Checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A new group chat: its title, its first members and, optionally, the community it is created on behalf of.
 *
 * <pre>{@code
 * CreateChatRequest request = CreateChatRequest.builder()
 *         .title("7Б класс")
 *         .members(UserId.of(1001), UserId.of(1002))
 *         .build();
 * }</pre>
 *
 * <p>The title is stripped of surrounding whitespace and must then be 1 to 128 characters on one line (VK
 * documents no limit; 128 is this SDK's guess at a safe one). Members must be distinct; there may be none. VK
 * adds only the members who can be added (for a community: those who allowed its messages); list the members
 * afterwards to see who is in.
 *
 * @since 0.1.0
 */
public final class CreateChatRequest {
    private final String title;
    private final List<UserId> members;
    private final long groupId;

    private CreateChatRequest(Builder b) {
        this.title = b.title;
        this.members = b.members;
        this.groupId = b.groupId;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.title = title;
        b.pending.addAll(members);
        b.groupId = groupId;
        return b;
    }

    /** {@return the title, stripped} */
    public String title() {
        return title;
    }

    /** {@return the first members, in order; unmodifiable} */
    public List<UserId> members() {
        return members;
    }

    /** {@return the community to create the chat on behalf of (VK's {@code group_id}), if set} */
    public OptionalLong groupId() {
        return groupId > 0 ? OptionalLong.of(groupId) : OptionalLong.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreateChatRequest r && r.title.equals(title) && r.members.equals(members) && r.groupId == groupId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, members, groupId);
    }

    @Override
    public String toString() {
        return "CreateChatRequest[title=" + title + ", members=" + members.size() + (groupId > 0 ? ", groupId=" + groupId : "") + "]";
    }

    /** Builds a {@link CreateChatRequest}. Not thread-safe. */
    public static final class Builder {
        private String title;
        private final List<UserId> pending = new ArrayList<>();
        private List<UserId> members;
        private long groupId;

        private Builder() {
        }

        /**
         * Sets the chat title, 1 to 128 characters after stripping.
         *
         * @param title the chat title, 1 to 128 characters after stripping
         * @return this builder
         */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Replaces the first members.
         *
         * @param members distinct users
         * @return this builder
         */
        public Builder members(UserId... members) {
            return members(List.of(members));
        }

        /**
         * Replaces the first members.
         *
         * @param members distinct users
         * @return this builder
         */
        public Builder members(Collection<UserId> members) {
            pending.clear();
            for (UserId u : Objects.requireNonNull(members, "members")) {
                pending.add(Objects.requireNonNull(u, "member"));
            }
            return this;
        }

        /**
         * Creates the chat on behalf of a community (VK's {@code group_id}); by default the acting account creates it.
         *
         * @param groupId the community id, positive
         * @return this builder
         */
        public Builder onBehalfOf(long groupId) {
            if (groupId <= 0) {
                throw new IllegalArgumentException("groupId must be positive (the community id without the minus sign): " + groupId);
            }
            this.groupId = groupId;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if the title is missing, blank or too long, or a member appears twice
         */
        public CreateChatRequest build() {
            if (title == null) {
                throw new IllegalArgumentException("a chat needs a title; set title(...)");
            }
            title = Checks.title(title, "the chat title");
            members = Checks.distinctUsers(pending, "the chat's members");
            return new CreateChatRequest(this);
        }
    }
}
