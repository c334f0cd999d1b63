package dev.sferum.sdk.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of a listing (members, history, conversations), with the token of the next page.
 *
 * <pre>{@code
 * Page<Message> page = async.history(r -> r.peer(chat)).join();
 * while (page.nextPageToken().isPresent()) {
 *     String next = page.nextPageToken().get();
 *     page = async.history(r -> r.peer(chat).pageToken(next)).join();
 * }
 * }</pre>
 *
 * @param <T> the item type
 * @since 0.1.0
 */
public final class Page<T> {
    private final List<T> items;
    private final String nextPageToken;
    private final long total;

    /**
     * Creates a page; the SDK does this.
     *
     * @param items the items, in order
     * @param nextPageToken the token of the next page, or {@code null} if this is the last
     * @param total how many items the whole listing has, or -1 if the backend does not say
     */
    public Page(List<T> items, String nextPageToken, long total) {
        this.items = List.copyOf(items);
        if (nextPageToken != null && nextPageToken.isBlank()) {
            throw new IllegalArgumentException("a page token must not be blank");
        }
        this.nextPageToken = nextPageToken;
        this.total = total;
    }

    /** {@return the items, in order; unmodifiable} */
    public List<T> items() {
        return items;
    }

    /** {@return the token to pass as the next request's {@code pageToken}, or empty on the last page} */
    public Optional<String> nextPageToken() {
        return Optional.ofNullable(nextPageToken);
    }

    /** {@return how many items the whole listing had when this page was read, if the backend says} */
    public OptionalLong total() {
        return total >= 0 ? OptionalLong.of(total) : OptionalLong.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Page<?> p && p.items.equals(items) && Objects.equals(p.nextPageToken, nextPageToken) && p.total == total;
    }

    @Override
    public int hashCode() {
        return Objects.hash(items, nextPageToken, total);
    }

    @Override
    public String toString() {
        return "Page[" + items.size() + " items" + (nextPageToken != null ? ", more" : ", last") + (total >= 0 ? ", total " + total : "") + "]";
    }
}
