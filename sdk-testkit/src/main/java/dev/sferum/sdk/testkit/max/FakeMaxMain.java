package dev.sferum.sdk.testkit.max;

import dev.sferum.sdk.testkit.internal.server.MainOptions;
import java.io.PrintStream;

/**
 * Runs a {@link FakeMax} standalone, for manual testing and for clients in other languages.
 *
 * <pre>
 * java -cp &lt;testkit and jackson jars&gt; dev.sferum.sdk.testkit.max.FakeMaxMain --port 8081 --seed-demo --strict
 * </pre>
 *
 * <p>Options, as {@code FakeVkMain}'s: {@code --port N} (default 8080; 0 = a free port), {@code --host ADDRESS}
 * (default 127.0.0.1), {@code --seed N} (default 0), {@code --seed-demo} (create a bot, a teacher, a pupil and a class
 * chat with the bot as admin, and print the bot's token: a fake token of a fake, safe to print),
 * {@code --no-rate-limits}, {@code --strict} (answer 400 to requests that break MAX's OpenAPI, as
 * {@link FakeMax.Builder#strict(boolean)}; off by default here), {@code --help}. Stops on Ctrl+C.
 *
 * @since 0.1.0
 */
public final class FakeMaxMain {

    private static final String USAGE = "usage: FakeMaxMain " + MainOptions.USAGE;

    private FakeMaxMain() {
    }

    /**
     * Starts the fake and serves until the JVM is stopped.
     *
     * @param args the options above
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        MainOptions.serve(args, USAGE, FakeMaxMain::start);
    }

    /**
     * Parses the options, starts the fake and prints how to reach it.
     *
     * @return the running fake, or null when only help was asked for
     * @throws IllegalArgumentException for a bad option, naming it
     */
    static FakeMax start(String[] args, PrintStream out) {
        MainOptions options = MainOptions.parse(args);
        if (options.help()) {
            out.println(USAGE);
            return null;
        }
        FakeMax fake = FakeMax.builder().port(options.port()).bindAddress(options.host()).seed(options.seed())
                .rateLimitsEnabled(options.rateLimits()).strict(options.strict()).start();
        out.println("Fake MAX Bot API listening on " + fake.baseUri());
        out.println("  token:        header Authorization: <bot token> (raw, no Bearer)");
        out.println("  strict mode:  " + (options.strict() ? "on (requests that break MAX's OpenAPI get 400)"
                : "off (--strict checks requests against MAX's OpenAPI)"));
        if (options.demo()) {
            FakeMaxBot bot = fake.createBot("Школьный бот");
            FakeMaxUser teacher = fake.createUser("Анна", "Петрова");
            FakeMaxUser pupil = fake.createUser("Иван", "Сидоров");
            FakeMaxChat chat = fake.createChat(teacher, "5А класс", pupil);
            fake.addBot(chat, bot, true);
            out.println("Demo data (fake tokens, safe to share):");
            out.println("  bot " + bot.id() + " \"" + bot.name() + "\" token: " + bot.token());
            out.println("  teacher " + teacher.id() + ", pupil " + pupil.id());
            out.println("  class chat \"" + chat.title() + "\": chat_id " + chat.id() + " (bot is an admin)");
            out.println("Try: curl -s '" + fake.baseUri() + "/messages?chat_id=" + chat.id() + "' -H 'Authorization: "
                    + bot.token() + "' -H 'Content-Type: application/json' -d '{\"text\":\"Привет\","
                    + "\"attachments\":null,\"link\":null}'");
        }
        out.println("Press Ctrl+C to stop.");
        return fake;
    }
}
