package dev.sferum.sdk.video.internal;

import dev.sferum.sdk.video.Lesson;
import dev.sferum.sdk.video.ScheduleStore;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Lessons in a map. */
public final class MemoryScheduleStore implements ScheduleStore {
    private final Map<String, Lesson> lessons = new ConcurrentHashMap<>();

    @Override
    public void save(Lesson lesson) {
        lessons.put(lesson.id(), lesson);
    }

    @Override
    public Optional<Lesson> find(String id) {
        return Optional.ofNullable(lessons.get(id));
    }

    @Override
    public List<Lesson> all() {
        return lessons.values().stream().sorted(Comparator.comparing(Lesson::startsAt).thenComparing(Lesson::id)).toList();
    }
}
