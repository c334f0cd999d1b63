package dev.sferum.sdk.jdbc.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.UUID;

/**
 * The real PostgreSQL the tests need. In CI ({@code CI} set) a missing database fails the test with a message saying
 * how to provide it; elsewhere the test is skipped with that message.
 */
public final class Servers {
    private Servers() {
    }

    /** @return the JDBC URL: property {@code sferum.jdbc.url} or environment variable {@code SFERUM_JDBC_URL} */
    public static String url() {
        String url = setting("sferum.jdbc.url", "SFERUM_JDBC_URL");
        if (url == null) {
            missing("no PostgreSQL for the tests: set SFERUM_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/sferum, SFERUM_JDBC_USER and "
                    + "SFERUM_JDBC_PASSWORD (see sdk-jdbc/README.md; .ci/run starts one)");
        }
        return url;
    }

    public static String user() {
        url();
        String user = setting("sferum.jdbc.user", "SFERUM_JDBC_USER");
        return user == null ? "postgres" : user;
    }

    public static String password() {
        url();
        return Canary.watch(setting("sferum.jdbc.password", "SFERUM_JDBC_PASSWORD"));
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, HikariDataSource> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

    /** @return a pooled DataSource for the test database, shared by the tests of this JVM */
    public static DataSource dataSource() {
        return pool(url(), user(), password());
    }

    /** @return a pool for the database (one per URL and user in this JVM), as an application would use */
    public static DataSource pool(String url, String user, String password) {
        return POOLS.computeIfAbsent(url + " " + user, k -> {
            HikariConfig c = new HikariConfig();
            c.setJdbcUrl(url);
            c.setUsername(user);
            c.setPassword(password);
            c.setMaximumPoolSize(8);
            c.setMinimumIdle(0);
            c.setConnectionTimeout(30_000);
            c.setPoolName("sferum-test");
            return new HikariDataSource(c);
        });
    }

    public static PGSimpleDataSource dataSource(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(30);
        return ds;
    }

    /** @return a table prefix no other test uses */
    public static String freshPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
    }

    static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static void missing(String message) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }
}
