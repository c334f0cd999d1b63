package dev.sferum.sdk.video;

import dev.sferum.sdk.video.internal.FileScheduleStore;
import dev.sferum.sdk.video.internal.MemoryScheduleStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the lesson timetable and each lesson's progress live, so a restarted scheduler neither starts a lesson
 * twice nor leaves a call running past its end.
 *
 * <p>{@link #save} must be durable when it returns: the scheduler writes a lesson's state before each step that
 * talks to VK and after it. Implement it on your database for several nodes (the {@code sdk-jdbc} module has one).
 * Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface ScheduleStore {

    /** {@return a store in this JVM's memory (lost on restart)} */
    static ScheduleStore inMemory() {
        return new MemoryScheduleStore();
    }

    /**
     * A store in one JSON file, rewritten atomically on every change, with owner-only permissions.
     *
     * @param file the file; created if missing
     * @return the store
     */
    static ScheduleStore file(Path file) {
        return new FileScheduleStore(file);
    }

    /**
     * Inserts or replaces a lesson by its id.
     *
     * @param lesson the lesson
     */
    void save(Lesson lesson);

    /**
     * Finds a lesson by its id.
     *
     * @param id a lesson id
     * @return the lesson, if stored
     */
    Optional<Lesson> find(String id);

    /** {@return every stored lesson, in start order} */
    List<Lesson> all();
}
