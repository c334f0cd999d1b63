package dev.sferum.sdk.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a school roster from CSV: a header {@code class_id,class_title,vk_user_id,role} and one row per person in a
 * class, role one of {@code teacher}, {@code pupil}, {@code parent}. No names or other personal data are needed.
 *
 * <pre>
 * class_id,class_title,vk_user_id,role
 * 7b,7Б,1001,teacher
 * 7b,7Б,2001,pupil
 * </pre>
 *
 * <p>Every problem is reported with the file, the line and what to fix, before any call is made.
 */
final class RosterCsv {
    static final String HEADER = "class_id,class_title,vk_user_id,role";

    /** One class as the file describes it. */
    record SchoolClass(String id, String title, Set<Long> teachers, Set<Long> pupils, Set<Long> parents) {
        int size() {
            return teachers.size() + pupils.size() + parents.size();
        }
    }

    /** What is wrong with a roster file, with where and how to fix it. */
    static final class RosterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RosterException(String message) {
            super(message);
        }
    }

    private RosterCsv() {
    }

    static List<SchoolClass> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RosterException(file + ": no such file; pass the roster with --roster FILE");
        } catch (IOException e) {
            throw new RosterException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text);
    }

    static List<SchoolClass> parse(String name, String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int first = 0;
        if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new RosterException(name + ": the file is empty; it needs the header " + HEADER + " and one row per person");
        }
        String header = lines[first].trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (!header.equals(HEADER)) {
            throw new RosterException(name + ":" + (first + 1) + ": the header must be exactly " + HEADER + " (found \"" + lines[first].trim() + "\")");
        }
        Map<String, Builder> classes = new LinkedHashMap<>();
        Set<String> rows = new LinkedHashSet<>();
        Map<Long, String> roleOf = new LinkedHashMap<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = name + ":" + (i + 1) + ": ";
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                throw new RosterException(where + "expected 4 comma-separated values (" + HEADER + "), found " + cells.length);
            }
            String classId = cells[0].trim();
            String title = cells[1].trim();
            String userCell = cells[2].trim();
            String role = cells[3].trim().toLowerCase(Locale.ROOT);
            if (classId.isEmpty()) {
                throw new RosterException(where + "class_id is empty; give every class a stable id such as 7b");
            }
            if (title.isEmpty()) {
                throw new RosterException(where + "class_title is empty for class " + classId);
            }
            long userId;
            try {
                userId = Long.parseLong(userCell);
            } catch (NumberFormatException e) {
                throw new RosterException(where + "vk_user_id must be a positive number, found \"" + userCell + "\"");
            }
            if (userId <= 0) {
                throw new RosterException(where + "vk_user_id must be positive, found " + userId);
            }
            if (!role.equals("teacher") && !role.equals("pupil") && !role.equals("parent")) {
                throw new RosterException(where + "role must be teacher, pupil or parent, found \"" + cells[3].trim() + "\"");
            }
            if (!rows.add(classId + "/" + userId)) {
                throw new RosterException(where + "user " + userId + " is listed twice in class " + classId + "; keep one row");
            }
            Builder b = classes.computeIfAbsent(classId, id -> new Builder(id, title));
            if (!b.title.equals(title)) {
                throw new RosterException(where + "class " + classId + " is titled \"" + title + "\" here but \"" + b.title
                        + "\" above; use one title per class");
            }
            switch (role) {
                case "teacher" -> b.teachers.add(userId);
                case "pupil" -> b.pupils.add(userId);
                default -> b.parents.add(userId);
            }
            roleOf.putIfAbsent(userId, role);
        }
        if (classes.isEmpty()) {
            throw new RosterException(name + ": the roster has a header but no rows");
        }
        List<SchoolClass> out = new ArrayList<>();
        for (Builder b : classes.values()) {
            out.add(new SchoolClass(b.id, b.title, Set.copyOf(b.teachers), Set.copyOf(b.pupils), Set.copyOf(b.parents)));
        }
        return List.copyOf(out);
    }

    private static final class Builder {
        final String id;
        final String title;
        final Set<Long> teachers = new LinkedHashSet<>();
        final Set<Long> pupils = new LinkedHashSet<>();
        final Set<Long> parents = new LinkedHashSet<>();

        Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }
    }
}
