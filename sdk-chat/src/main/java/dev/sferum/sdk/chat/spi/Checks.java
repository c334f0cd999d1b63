package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.chat.UserId;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Input rules shared by the requests and the roster, with messages that name the bad value.
 *
 * @since 0.1.0
 */
public final class Checks {
    /** The longest chat title, in code points. VK does not document one; 128 is what its web client accepts [guess]. */
    public static final int MAX_TITLE_LENGTH = 128;

    private Checks() {
    }

    /**
     * Checks a chat title and strips surrounding whitespace.
     *
     * @param title the title
     * @param what how to name it in a message, such as {@code "title of class 7b"}
     * @return the stripped title
     * @throws IllegalArgumentException if blank, too long or holding control characters
     */
    public static String title(String title, String what) {
        Objects.requireNonNull(title, what);
        String t = title.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be " + (title.isEmpty() ? "empty" : "only whitespace"));
        }
        int length = t.codePointCount(0, t.length());
        if (length > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException(what + " is " + length + " characters; at most " + MAX_TITLE_LENGTH + ": \""
                    + t.substring(0, t.offsetByCodePoints(0, 20)) + "…\"");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                throw new IllegalArgumentException(what + " must be one line without control characters (found U+"
                        + String.format("%04X", (int) t.charAt(i)) + "): \"" + t.replaceAll("\\p{Cntrl}", "?") + "\"");
            }
        }
        return t;
    }

    /**
     * Checks a list of user ids for duplicates.
     *
     * @param users the ids
     * @param what how to name the list, such as {@code "members"}
     * @return an unmodifiable copy
     * @throws IllegalArgumentException if an id appears twice
     */
    public static List<UserId> distinctUsers(Collection<UserId> users, String what) {
        Objects.requireNonNull(users, what);
        Set<UserId> seen = new HashSet<>();
        for (UserId u : users) {
            Objects.requireNonNull(u, what + " contains null");
            if (!seen.add(u)) {
                throw new IllegalArgumentException(what + " lists user " + u + " twice");
            }
        }
        return List.copyOf(users);
    }

    /**
     * Checks an attachment in wire form.
     *
     * @param attachment such as {@code photo-123456_457239017}
     * @return it
     * @throws IllegalArgumentException if blank or holding a comma or whitespace
     */
    public static String attachment(String attachment) {
        Objects.requireNonNull(attachment, "attachment");
        if (attachment.isBlank()) {
            throw new IllegalArgumentException("an attachment must not be blank");
        }
        for (int i = 0; i < attachment.length(); i++) {
            char c = attachment.charAt(i);
            if (c == ',' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("an attachment is one id like photo-123456_457239017, without commas or "
                        + "whitespace: \"" + attachment + "\"");
            }
        }
        return attachment;
    }

    /**
     * Checks a page size.
     *
     * @param size the size
     * @param max the largest allowed
     * @return it
     * @throws IllegalArgumentException if outside 1..max
     */
    public static int pageSize(int size, int max) {
        if (size < 1 || size > max) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + max + ": " + size);
        }
        return size;
    }
}
