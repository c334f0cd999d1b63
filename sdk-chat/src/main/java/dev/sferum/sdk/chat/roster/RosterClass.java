package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.spi.Checks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One school class as it should be in chat: its id in your school system, the chat title, and who belongs in it.
 * Only VK user ids; no names are needed.
 *
 * <pre>{@code
 * RosterClass c7b = new RosterClass("2025-7b", "7Б класс",
 *         List.of(UserId.of(501)),                           // teachers
 *         List.of(UserId.of(1001), UserId.of(1002)),         // pupils
 *         List.of(UserId.of(2001), UserId.of(2002)));        // parents
 * }</pre>
 *
 * <p>The class id is the stable key that maps the class to its chat: 1 to 100 characters, no whitespace at the
 * ends, no control characters. The title is stripped and must then be 1 to 128 characters on one line. Within a
 * list no user may appear twice; one user may be in several lists (a teacher who is also a parent in the class).
 *
 * @param classId the class's stable id in your school system, 1 to 100 characters
 * @param title the chat title, stripped, then 1 to 128 characters on one line
 * @param teachers the class's teachers; no user twice
 * @param pupils the class's pupils; no user twice
 * @param parents the pupils' parents; no user twice
 * @since 0.1.0
 */
public record RosterClass(String classId, String title, List<UserId> teachers, List<UserId> pupils, List<UserId> parents) {
    /** The longest class id: {@value}. */
    public static final int MAX_CLASS_ID_LENGTH = 100;

    /**
     * Checks and copies.
     *
     * @param classId the class's stable id in your school system, 1 to 100 characters
     * @param title the chat title, stripped, then 1 to 128 characters on one line
     * @param teachers the class's teachers; no user twice
     * @param pupils the class's pupils; no user twice
     * @param parents the pupils' parents; no user twice
     * @throws IllegalArgumentException if the class id or title is bad, or a list holds a user twice
     */
    public RosterClass {
        classId = checkClassId(classId);
        title = Checks.title(title, "the title of class " + classId);
        teachers = Checks.distinctUsers(teachers, "the teachers of class " + classId);
        pupils = Checks.distinctUsers(pupils, "the pupils of class " + classId);
        parents = Checks.distinctUsers(parents, "the parents of class " + classId);
    }

    /**
     * Checks a class id.
     *
     * @param classId the id
     * @return it
     * @throws IllegalArgumentException if blank, too long, padded or holding control characters
     */
    static String checkClassId(String classId) {
        Objects.requireNonNull(classId, "classId");
        if (classId.isBlank()) {
            throw new IllegalArgumentException("a class id must not be blank");
        }
        if (classId.length() > MAX_CLASS_ID_LENGTH) {
            throw new IllegalArgumentException("a class id is at most " + MAX_CLASS_ID_LENGTH + " characters: \""
                    + classId.substring(0, 20) + "…\"");
        }
        if (!classId.strip().equals(classId) || classId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a class id must not start or end with whitespace or hold control characters: \""
                    + classId.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
        return classId;
    }

    /** {@return everyone who belongs in the chat: teachers, pupils, parents, each once, in that order} */
    public Set<UserId> members() {
        Set<UserId> all = new LinkedHashSet<>(teachers);
        all.addAll(pupils);
        all.addAll(parents);
        return java.util.Collections.unmodifiableSet(all);
    }
}
