package dev.sferum.sdk.testkit.max;

import java.util.Objects;

/**
 * A MAX bot in the fake, with the token MasterBot would have issued for it.
 *
 * <pre>{@code
 * FakeMaxBot bot = fake.createBot("Школьный бот");
 * MaxBotToken token = MaxBotToken.of(bot.token());
 * }</pre>
 *
 * @param id the bot's user id
 * @param name its visible name
 * @param username its unique name
 * @param token the raw token; {@link #toString()} never shows it
 * @since 0.1.0
 */
public record FakeMaxBot(long id, String name, String username, String token) {

    /**
     * Checks the components.
     *
     * @param id the bot's user id
     * @param name its visible name
     * @param username its unique name
     * @param token the raw token; {@link #toString()} never shows it
     */
    public FakeMaxBot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(token, "token");
    }

    /** {@return the bot as a user, as chats and messages show it} */
    public FakeMaxUser user() {
        return new FakeMaxUser(id, name, "", true);
    }

    /** {@return the id and names; never the token} */
    @Override
    public String toString() {
        return "FakeMaxBot[id=" + id + ", name=" + name + ", username=" + username + "]";
    }
}
