package dev.sferum.sdk.testkit;

import java.util.List;
import java.util.Objects;

/**
 * A VK community (group) in the fake, e.g. a school's community that owns its class chats, with the community
 * token the fake issued for it.
 *
 * <pre>{@code
 * FakeUser director = fake.createUser("Ирина", "Смирнова");
 * FakeCommunity school = fake.createCommunity("Школа №1", director);
 * client = SferumClient.builder().baseUri(fake.baseUri()).token(school.token().value()).build();
 * }</pre>
 *
 * @param id       the group id (positive)
 * @param name     the community's name
 * @param token    the community token issued when the community was created; never expires
 * @param adminIds user ids of the community's administrators, at creation
 * @since 0.1.0
 */
public record FakeCommunity(long id, String name, FakeToken token, List<Long> adminIds) {

    /**
     * Creates the value, checking its components.
     *
     * @param id the group id (positive)
     * @param name the community's name
     * @param token the community token issued when the community was created; never expires
     * @param adminIds user ids of the community's administrators, at creation
     */
    public FakeCommunity {
        if (id <= 0) {
            throw new IllegalArgumentException("group id must be positive: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        adminIds = List.copyOf(adminIds);
    }

    /**
     * Returns the community's owner id, {@code -id}: its {@code from_id} in messages and its peer id for users.
     *
     * @return the negative owner id
     */
    public long ownerId() {
        return -id;
    }
}
