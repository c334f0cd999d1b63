package dev.sferum.sdk.spring.testing;

import dev.sferum.sdk.testsupport.Secrets;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/**
 * The real Redis and PostgreSQL the store tests need, found as sdk-redis's and sdk-jdbc's tests find them:
 * {@code SFERUM_REDIS_URL}, {@code SFERUM_JDBC_URL}, {@code SFERUM_JDBC_USER}, {@code SFERUM_JDBC_PASSWORD} (or the
 * system properties {@code sferum.redis.url}, {@code sferum.jdbc.url}…); {@code .ci/services start DIR} starts both
 * and writes them to {@code DIR/env}. In CI ({@code CI} set) a missing server fails the test with a message saying
 * how to provide it; elsewhere the test is skipped with that message. Passwords are registered with the suite's
 * secret check.
 */
public final class Servers {
    private Servers() {
    }

    /** @return the URL of the test Redis, {@code redis://[default:password@]host:port} */
    public static String redisUrl() {
        String url = required("SFERUM_REDIS_URL", "no Redis for the tests: set SFERUM_REDIS_URL=redis://[default:password@]127.0.0.1:6379");
        String info = URI.create(url).getRawUserInfo();
        if (info != null && info.contains(":")) {
            Secrets.register(info.substring(info.indexOf(':') + 1));
        }
        return url;
    }

    /** @return the JDBC URL of the test PostgreSQL */
    public static String jdbcUrl() {
        return required("SFERUM_JDBC_URL", "no PostgreSQL for the tests: set SFERUM_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/sferum, "
                + "SFERUM_JDBC_USER and SFERUM_JDBC_PASSWORD");
    }

    /** @return its user, {@code postgres} unless set */
    public static String jdbcUser() {
        jdbcUrl();
        return setting("SFERUM_JDBC_USER", "postgres");
    }

    /** @return its password, or {@code null} */
    public static String jdbcPassword() {
        jdbcUrl();
        String password = setting("SFERUM_JDBC_PASSWORD", null);
        return password == null ? null : Secrets.register(password);
    }

    /** @return a table or key prefix no other test uses */
    public static String freshPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
    }

    /**
     * @param env the environment variable, such as {@code SFERUM_JDBC_URL}; the system property of the same name in
     *     lower case with dots ({@code sferum.jdbc.url}) wins
     * @param otherwise what a missing setting means
     */
    private static String setting(String env, String otherwise) {
        for (String v : new String[] {System.getProperty(env.toLowerCase(Locale.ROOT).replace('_', '.')), System.getenv(env)}) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return otherwise;
    }

    /** A missing server fails the test in CI ({@code CI} set) and skips it elsewhere, with how to provide it. */
    private static String required(String env, String message) {
        String v = setting(env, null);
        if (v != null) {
            return v;
        }
        String full = message + " (.ci/services start DIR && source DIR/env starts one; .ci/run does)";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            Assertions.fail(full);
        }
        Assumptions.abort(full);
        throw new IllegalStateException("unreachable");
    }
}
