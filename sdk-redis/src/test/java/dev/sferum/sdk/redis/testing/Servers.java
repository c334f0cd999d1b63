package dev.sferum.sdk.redis.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real servers the tests need. In CI ({@code CI} set) a missing server fails the test with a message saying how
 * to provide it; elsewhere the test is skipped with that message.
 */
public final class Servers {
    private Servers() {
    }

    /**
     * @return the URL of the shared test Redis: system property {@code sferum.redis.url} or environment variable
     *     {@code SFERUM_REDIS_URL}
     */
    public static String redisUrl() {
        String url = setting("sferum.redis.url", "SFERUM_REDIS_URL");
        missing(url == null, "no Redis for the tests: set SFERUM_REDIS_URL=redis://[default:password@]127.0.0.1:6379 "
                + "(see sdk-redis/README.md; .ci/run starts one)");
        String info = URI.create(url).getRawUserInfo();
        if (info != null) {
            Canary.watch(info.substring(info.indexOf(':') + 1));
        }
        return url;
    }

    /** @return the {@code redis-server} binary, for tests that must stop and restart their own server */
    public static Path redisServerBinary() {
        String configured = setting("sferum.redis.server", "SFERUM_REDIS_SERVER");
        if (configured != null) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing(true, "no redis-server binary for the restart tests: install it (apt-get install redis-server) "
                + "or set SFERUM_REDIS_SERVER=/path/to/redis-server");
        throw new IllegalStateException("unreachable");
    }

    static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void missing(boolean missing, String message) {
        if (!missing) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }
}
