package dev.sferum.sdk.testkit;

import dev.sferum.sdk.testkit.internal.server.MainOptions;
import java.io.PrintStream;
import java.net.URI;

/**
 * Runs a {@link FakeVk} standalone, for manual testing and for clients in other languages.
 *
 * <pre>
 * java -cp &lt;testkit and jackson jars&gt; dev.sferum.sdk.testkit.FakeVkMain --port 8080 --seed-demo
 * </pre>
 *
 * <p>Options: {@code --port N} (default 8080; 0 = a free port), {@code --host ADDRESS} (default 127.0.0.1),
 * {@code --seed N} (default 0), {@code --seed-demo} (create a school, a class chat, users, an OAuth client and
 * print their tokens: fake tokens of a fake, safe to print), {@code --no-rate-limits}, {@code --strict} (refuse calls
 * that break VK's schema with error 100, as {@link FakeVk.Builder#strict(boolean)}; off by default here),
 * {@code --help}. Stops on Ctrl+C.
 *
 * @since 0.1.0
 */
public final class FakeVkMain {

    private static final String USAGE = "usage: FakeVkMain " + MainOptions.USAGE;

    private FakeVkMain() {
    }

    /**
     * Starts the fake and serves until the JVM is stopped.
     *
     * @param args the options above
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        MainOptions.serve(args, USAGE, FakeVkMain::start);
    }

    /**
     * Parses the options, starts the fake and prints how to reach it.
     *
     * @return the running fake, or null when only help was asked for
     * @throws IllegalArgumentException for a bad option, naming it
     */
    static FakeVk start(String[] args, PrintStream out) {
        MainOptions options = MainOptions.parse(args);
        if (options.help()) {
            out.println(USAGE);
            return null;
        }
        FakeVk.Builder builder = FakeVk.builder().port(options.port()).bindAddress(options.host())
                .seed(options.seed()).rateLimitsEnabled(options.rateLimits()).strict(options.strict());
        boolean demo = options.demo();
        FakeVk fake = builder.start();
        out.println("Fake VK API listening on " + fake.baseUri());
        out.println("  VK methods:   " + fake.baseUri() + "method/<name>   (form POST or GET, v=5.199)");
        out.println("  VK ID:        " + fake.baseUri() + "authorize, " + fake.baseUri() + "oauth2/auth, ...");
        out.println("  client creds: " + fake.baseUri() + "access_token?grant_type=client_credentials");
        out.println("  strict mode:  " + (options.strict() ? "on (calls that break VK's schema get error 100)"
                : "off (--strict checks calls against VK's schema)"));
        if (demo) {
            seedDemo(fake, out);
        }
        out.println("Press Ctrl+C to stop.");
        return fake;
    }

    private static void seedDemo(FakeVk fake, PrintStream out) {
        FakeUser teacher = fake.createUser("Анна", "Петрова");
        FakeUser pupil = fake.createUser("Иван", "Сидоров");
        FakeUser parent = fake.createUser("Мария", "Сидорова");
        FakeCommunity school = fake.createCommunity("Школа №1", teacher);
        FakeChat chat = fake.createChat(school.ownerId(), "5А класс", pupil, parent);
        FakeOAuthClient app = fake.oauth().registerClient(URI.create("http://localhost:8081/callback"));
        fake.oauth().signIn(teacher);
        long peer = chat.peerIdFor(school.ownerId());
        out.println("Demo data (fake tokens, safe to share):");
        out.println("  community " + school.id() + " \"" + school.name() + "\" token: " + school.token().value());
        out.println("  teacher   " + teacher.id() + " user token:      " + fake.userToken(teacher).value());
        out.println("  pupil     " + pupil.id() + " user token:      " + fake.userToken(pupil).value());
        out.println("  parent    " + parent.id());
        out.println("  class chat \"" + chat.title() + "\": peer_id " + peer + " for the community");
        out.println("  OAuth client_id " + app.clientId() + ", client_secret " + app.clientSecret()
                + ", redirect_uri " + app.redirectUris().get(0) + " (signed in: teacher)");
        out.println("  service token: " + fake.serviceToken(app.clientId()).value());
        out.println("Try: curl -s '" + fake.baseUri() + "method/messages.send' -H 'Authorization: Bearer "
                + school.token().value() + "' -d peer_id=" + peer + " -d random_id=1 --data-urlencode "
                + "'message=Привет' -d v=5.199");
    }
}
