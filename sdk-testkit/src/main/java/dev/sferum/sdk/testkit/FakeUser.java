package dev.sferum.sdk.testkit;

import java.util.Objects;

/**
 * A VK user that lives in the fake: a teacher, a pupil, a parent.
 *
 * <pre>{@code
 * FakeUser teacher = fake.createUser("Анна", "Петрова");
 * FakeToken token = fake.userToken(teacher);
 * }</pre>
 *
 * @param id        the user id, also the user's peer id and owner id (positive)
 * @param firstName first name as {@code users.get} returns it
 * @param lastName  last name as {@code users.get} returns it
 * @since 0.1.0
 */
public record FakeUser(long id, String firstName, String lastName) {

    /**
     * Creates the value, checking its components.
     *
     * @param id the user id, also the user's peer id and owner id (positive)
     * @param firstName first name as {@code users.get} returns it
     * @param lastName last name as {@code users.get} returns it
     */
    public FakeUser {
        if (id <= 0) {
            throw new IllegalArgumentException("user id must be positive: " + id);
        }
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
    }
}
