package dev.sferum.sdk.video.internal;

import dev.sferum.sdk.core.internal.AtomicFiles;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.video.Lesson;
import dev.sferum.sdk.video.ScheduleStore;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lessons in one JSON file ({@code {"version":1,"lessons":[…]}}), kept in memory and rewritten atomically on every
 * save through the SDK's one atomic-write routine.
 */
public final class FileScheduleStore implements ScheduleStore {
    private static final int VERSION = 1;

    /** The file's shape. */
    record Contents(int version, List<Lesson> lessons) {
    }

    private final Path file;
    private final Map<String, Lesson> lessons = new LinkedHashMap<>();

    /** @param file the file */
    public FileScheduleStore(Path file) {
        this.file = file;
        AtomicFiles.read(file).ifPresent(bytes -> {
            Contents c;
            try {
                c = Json.mapper().readValue(bytes, new TypeReference<Contents>() {
                });
            } catch (JacksonException e) {
                throw new IllegalStateException("schedule file " + file + " is not a schedule written by this SDK ("
                        + Json.describe(e) + "); move it away or fix it", e);
            }
            if (c.version() > VERSION) {
                throw new IllegalStateException("schedule file " + file + " has version " + c.version()
                        + ", newer than this SDK reads (" + VERSION + "); upgrade the SDK");
            }
            for (Lesson l : c.lessons()) {
                lessons.put(l.id(), l);
            }
        });
    }

    @Override
    public synchronized void save(Lesson lesson) {
        Lesson before = lessons.put(lesson.id(), lesson);
        try {
            AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new Contents(VERSION, new ArrayList<>(lessons.values()))));
        } catch (RuntimeException e) {
            if (before == null) {
                lessons.remove(lesson.id());
            } else {
                lessons.put(lesson.id(), before);
            }
            throw e;
        }
    }

    @Override
    public synchronized Optional<Lesson> find(String id) {
        return Optional.ofNullable(lessons.get(id));
    }

    @Override
    public synchronized List<Lesson> all() {
        return lessons.values().stream().sorted(Comparator.comparing(Lesson::startsAt).thenComparing(Lesson::id)).toList();
    }
}
