package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.spi.Checks;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads a peer's messages, newest first (or oldest first), a page at a time.
 *
 * <pre>{@code
 * for (Message m : chats.history(r -> r.peer(chat).pageSize(200))) { ... }   // sync: lazy
 * Page<Message> page = async.history(r -> r.peer(chat)).join();             // async: one page
 * }</pre>
 *
 * <p>VK pages by offset. Newest first, a message arriving between two pages would shift the window and repeat an
 * item, so the client skips items it has already passed (by conversation message id). Deleted messages can
 * still shift a later page; no offset listing is a snapshot.
 *
 * @since 0.1.0
 */
public final class HistoryRequest {
    /** The default page size: {@value}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page size: {@value} (VK's limit). */
    public static final int MAX_PAGE_SIZE = 200;

    private final PeerId peer;
    private final int pageSize;
    private final boolean oldestFirst;
    private final String pageToken;

    private HistoryRequest(Builder b) {
        this.peer = b.peer;
        this.pageSize = b.pageSize;
        this.oldestFirst = b.oldestFirst;
        this.pageToken = b.pageToken;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.peer = peer;
        b.pageSize = pageSize;
        b.oldestFirst = oldestFirst;
        b.pageToken = pageToken;
        return b;
    }

    /** {@return the peer whose messages to read} */
    public PeerId peer() {
        return peer;
    }

    /** {@return the most messages per page} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return whether the oldest message comes first} */
    public boolean oldestFirst() {
        return oldestFirst;
    }

    /** {@return the page to read, from a previous {@link Page#nextPageToken()}; empty for the first} */
    public Optional<String> pageToken() {
        return Optional.ofNullable(pageToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryRequest r && r.peer.equals(peer) && r.pageSize == pageSize && r.oldestFirst == oldestFirst
                && Objects.equals(r.pageToken, pageToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peer, pageSize, oldestFirst, pageToken);
    }

    @Override
    public String toString() {
        return "HistoryRequest[" + peer + ", pageSize=" + pageSize + (oldestFirst ? ", oldestFirst" : "")
                + (pageToken != null ? ", pageToken=" + pageToken : "") + "]";
    }

    /** Builds a {@link HistoryRequest}. Not thread-safe. */
    public static final class Builder {
        private PeerId peer;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private boolean oldestFirst;
        private String pageToken;

        private Builder() {
        }

        /**
         * Sets the chat, user or community whose history to read.
         *
         * @param peer a chat, user or community
         * @return this builder
         */
        public Builder peer(PeerId peer) {
            this.peer = Objects.requireNonNull(peer, "peer");
            return this;
        }

        /**
         * Sets how many messages one page holds.
         *
         * @param size 1 to {@value HistoryRequest#MAX_PAGE_SIZE}; default {@value HistoryRequest#DEFAULT_PAGE_SIZE}
         * @return this builder
         */
        public Builder pageSize(int size) {
            this.pageSize = Checks.pageSize(size, MAX_PAGE_SIZE);
            return this;
        }

        /**
         * Sets whether to read from the first message on rather than newest first.
         *
         * @param oldestFirst true to read from the first message on; default false (newest first)
         * @return this builder
         */
        public Builder oldestFirst(boolean oldestFirst) {
            this.oldestFirst = oldestFirst;
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
         * @throws IllegalArgumentException if no peer is set
         */
        public HistoryRequest build() {
            if (peer == null) {
                throw new IllegalArgumentException("set the peer whose history to read");
            }
            return new HistoryRequest(this);
        }
    }
}
