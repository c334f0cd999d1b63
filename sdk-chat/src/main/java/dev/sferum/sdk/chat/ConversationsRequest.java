package dev.sferum.sdk.chat;

import dev.sferum.sdk.chat.spi.Checks;

import java.util.Objects;
import java.util.Optional;

/**
 * Lists the acting account's conversations, most recently active first, a page at a time.
 *
 * <pre>{@code
 * chats.conversations(r -> r.filter(ConversationsRequest.Filter.UNREAD)).forEach(c -> ...);
 * }</pre>
 *
 * <p>The order follows activity, so a conversation that gets a message while you page moves to the front: the
 * sync iterator skips conversations it has already returned, but one can also be missed. Read it as a survey,
 * not a snapshot.
 *
 * @since 0.1.0
 */
public final class ConversationsRequest {
    /** The default page size: {@value}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page size: {@value} (VK's limit). */
    public static final int MAX_PAGE_SIZE = 200;

    /** Which conversations to list. */
    public enum Filter {
        /** All of them. */
        ALL,
        /** Those with unread messages. */
        UNREAD,
        /** Those marked important. */
        IMPORTANT,
        /** Those not answered (communities). */
        UNANSWERED
    }

    private final Filter filter;
    private final int pageSize;
    private final String pageToken;

    private ConversationsRequest(Builder b) {
        this.filter = b.filter;
        this.pageSize = b.pageSize;
        this.pageToken = b.pageToken;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.filter = filter;
        b.pageSize = pageSize;
        b.pageToken = pageToken;
        return b;
    }

    /** {@return which conversations to list} */
    public Filter filter() {
        return filter;
    }

    /** {@return the most conversations per page} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return the page to read, from a previous {@link Page#nextPageToken()}; empty for the first} */
    public Optional<String> pageToken() {
        return Optional.ofNullable(pageToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConversationsRequest r && r.filter == filter && r.pageSize == pageSize && Objects.equals(r.pageToken, pageToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, pageSize, pageToken);
    }

    @Override
    public String toString() {
        return "ConversationsRequest[" + filter + ", pageSize=" + pageSize + (pageToken != null ? ", pageToken=" + pageToken : "") + "]";
    }

    /** Builds a {@link ConversationsRequest}. Not thread-safe. */
    public static final class Builder {
        private Filter filter = Filter.ALL;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private String pageToken;

        private Builder() {
        }

        /**
         * Sets which conversations to list.
         *
         * @param filter which conversations; default {@link Filter#ALL}
         * @return this builder
         */
        public Builder filter(Filter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /**
         * Sets how many conversations one page holds.
         *
         * @param size 1 to {@value ConversationsRequest#MAX_PAGE_SIZE}; default {@value ConversationsRequest#DEFAULT_PAGE_SIZE}
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

        /** {@return the request} */
        public ConversationsRequest build() {
            return new ConversationsRequest(this);
        }
    }
}
