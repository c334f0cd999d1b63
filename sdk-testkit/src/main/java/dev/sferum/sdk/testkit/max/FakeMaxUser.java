package dev.sferum.sdk.testkit.max;

/**
 * A MAX user in the fake: a pupil, parent or teacher (or, with {@code bot} set, a bot's own user).
 *
 * @param id the user id
 * @param firstName first name
 * @param lastName last name
 * @param bot whether this is a bot's user
 * @since 0.1.0
 */
public record FakeMaxUser(long id, String firstName, String lastName, boolean bot) {
}
