package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.Page;
import dev.sferum.sdk.chat.Paged;

import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The sync client's lazy listing: fetches the first page when iteration starts and each next page when the
 * previous one is used up.
 *
 * @param <T> the item
 */
public final class PagedListing<T> implements Paged<T> {
    private final String firstToken;
    private final Function<String, Page<T>> fetch;
    private final Function<T, Object> identity;

    /**
     * @param firstToken the token of the first page to read, or {@code null}
     * @param fetch reads the page with a token ({@code null} for the first), on the calling thread
     * @param identity the key under which an item counts as already returned within one iteration, or {@code null}
     *     for no such check
     */
    public PagedListing(String firstToken, Function<String, Page<T>> fetch, Function<T, Object> identity) {
        this.firstToken = firstToken;
        this.fetch = fetch;
        this.identity = identity;
    }

    @Override
    public Iterator<T> iterator() {
        Iterator<Page<T>> pages = pages().iterator();
        Set<Object> seen = identity == null ? null : new HashSet<>();
        return new Iterator<>() {
            private Iterator<T> current = java.util.Collections.emptyIterator();
            private T ahead;

            @Override
            public boolean hasNext() {
                while (ahead == null) {
                    if (current.hasNext()) {
                        T item = current.next();
                        if (seen == null || seen.add(identity.apply(item))) {
                            ahead = item;
                        }
                    } else if (pages.hasNext()) {
                        current = pages.next().items().iterator();
                    } else {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = ahead;
                ahead = null;
                return item;
            }
        };
    }

    @Override
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public Iterable<Page<T>> pages() {
        return () -> new Iterator<>() {
            private String token = firstToken;
            private boolean started;
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done && (!started || token != null);
            }

            @Override
            public Page<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                started = true;
                Page<T> page = fetch.apply(token);
                token = page.nextPageToken().orElse(null);
                if (token == null) {
                    done = true;
                }
                return page;
            }
        };
    }

    @Override
    public String toString() {
        return "Paged[lazy]";
    }
}
