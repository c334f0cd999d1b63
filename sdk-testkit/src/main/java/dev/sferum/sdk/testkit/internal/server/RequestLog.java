package dev.sferum.sdk.testkit.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Every request one fake received, kept in arrival order even when answers complete out of order. Thread-safe.
 *
 * @param <T> the fake's public record type
 */
public final class RequestLog<T> {

    private final ToLongFunction<T> sequence;
    private final Function<T, String> operation;
    private final List<T> records = new ArrayList<>();

    /**
     * @param sequence  a record's arrival number
     * @param operation a record's operation name
     */
    public RequestLog(ToLongFunction<T> sequence, Function<T, String> operation) {
        this.sequence = sequence;
        this.operation = operation;
    }

    /** Adds a record in arrival order. */
    public synchronized void add(T record) {
        long seq = sequence.applyAsLong(record);
        int i = records.size();
        while (i > 0 && sequence.applyAsLong(records.get(i - 1)) > seq) {
            i--;
        }
        records.add(i, record);
    }

    /** All records, oldest first. */
    public synchronized List<T> all() {
        return List.copyOf(records);
    }

    /** The records of one operation, oldest first. */
    public List<T> of(String name) {
        return matching(r -> operation.apply(r).equals(name));
    }

    /** The records that match, oldest first. */
    public synchronized List<T> matching(Predicate<T> filter) {
        return records.stream().filter(filter).toList();
    }

    /** How many records of one operation there are. */
    public int count(String name) {
        return of(name).size();
    }

    /** Forgets every record. */
    public synchronized void clear() {
        records.clear();
    }
}
