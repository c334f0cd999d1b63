package dev.sferum.sdk.chat;

import java.util.stream.Stream;

/**
 * A listing that the sync client reads lazily, one page per backend call, as you iterate: never all at once.
 *
 * <pre>{@code
 * for (Message m : chats.history(r -> r.peer(chat))) {
 *     if (m.date().isBefore(cutoff)) break;      // stops fetching here
 * }
 * long admins = chats.members(chat).stream().filter(ChatMember::admin).count();
 * }</pre>
 *
 * <p>Each iteration starts again from the first page. Iterators are not thread-safe; a {@code Paged} may be
 * iterated from several threads, each with its own iterator. A failed page fetch throws the call's
 * {@link dev.sferum.sdk.core.exception.SferumException} from {@code hasNext()}/{@code next()}.
 *
 * @param <T> the item type
 * @since 0.1.0
 */
public interface Paged<T> extends Iterable<T> {

    /** {@return the items as a sequential stream that fetches pages as it is consumed} */
    Stream<T> stream();

    /** {@return the pages themselves, fetched lazily one by one} */
    Iterable<Page<T>> pages();
}
