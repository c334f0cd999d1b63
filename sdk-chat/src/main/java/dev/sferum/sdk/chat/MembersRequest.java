package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.spi.Checks;

import java.util.Objects;
import java.util.Optional;

/**
 * Lists a chat's members, a page at a time.
 *
 * <pre>{@code
 * for (ChatMember m : chats.members(r -> r.chat(chat))) { ... }          // sync: lazy, page by page
 * Page<ChatMember> first = async.members(r -> r.chat(chat)).join();     // async: one page
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MembersRequest {
    /** The default page size: {@value}. */
    public static final int DEFAULT_PAGE_SIZE = 200;
    /** The largest page size: {@value} (VK's limit). */
    public static final int MAX_PAGE_SIZE = 1000;

    private final PeerId chat;
    private final int pageSize;
    private final String pageToken;

    private MembersRequest(Builder b) {
        this.chat = b.chat;
        this.pageSize = b.pageSize;
        this.pageToken = b.pageToken;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes a request for the first page of a chat's members.
     *
     * @param chat the chat
     * @return the request for the first page
     */
    public static MembersRequest of(PeerId chat) {
        return builder().chat(chat).build();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.chat = chat;
        b.pageSize = pageSize;
        b.pageToken = pageToken;
        return b;
    }

    /** {@return the chat} */
    public PeerId chat() {
        return chat;
    }

    /** {@return the most members per page (a backend may return fewer)} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return the page to read, from a previous {@link Page#nextPageToken()}; empty for the first} */
    public Optional<String> pageToken() {
        return Optional.ofNullable(pageToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MembersRequest r && r.chat.equals(chat) && r.pageSize == pageSize && Objects.equals(r.pageToken, pageToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chat, pageSize, pageToken);
    }

    @Override
    public String toString() {
        return "MembersRequest[" + chat + ", pageSize=" + pageSize + (pageToken != null ? ", pageToken=" + pageToken : "") + "]";
    }

    /** Builds a {@link MembersRequest}. Not thread-safe. */
    public static final class Builder {
        private PeerId chat;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private String pageToken;

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
         * Sets how many members one page holds.
         *
         * @param size 1 to {@value MembersRequest#MAX_PAGE_SIZE}; default {@value MembersRequest#DEFAULT_PAGE_SIZE}
         * @return this builder
         */
        public Builder pageSize(int size) {
            this.pageSize = Checks.pageSize(size, MAX_PAGE_SIZE);
            return this;
        }

        /**
         * Sets a previous page's {@link Page#nextPageToken()}, or {@code null} for the first page.
         *
         * @param token a previous page's {@link Page#nextPageToken()}, or {@code null} for the first page
         * @return this builder
         */
        public Builder pageToken(String token) {
            this.pageToken = token;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if no chat is set
         */
        public MembersRequest build() {
            if (chat == null) {
                throw new IllegalArgumentException("set the chat whose members to list");
            }
            return new MembersRequest(this);
        }
    }
}
