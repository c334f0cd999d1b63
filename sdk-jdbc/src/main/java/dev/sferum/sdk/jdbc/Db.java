package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.core.exception.ErrorCategory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The stores' way to the database: short transactions, each write checking first that the schema is still the
 * one this library knows, and failures turned into {@link JdbcStoreException}s that name the database and never a
 * value.
 */
final class Db {
    /** The schema version this library writes and understands. */
    static final int SCHEMA_VERSION = 4;

    /** Work inside one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    final DataSource dataSource;
    final String prefix;
    final String where;

    Db(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.where = describe(dataSource);
    }

    /** {@return the table's full name} */
    String table(String name) {
        return prefix + name;
    }

    /** Runs reads on one connection in auto-commit mode. */
    <T> T read(String what, Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs writes in one transaction that first takes a shared lock on the schema version and checks it, so a
     * node whose library is older than the schema never writes.
     */
    <T> T write(String what, Work<T> work) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                int version = version(c, true);
                if (version != SCHEMA_VERSION) {
                    throw newerSchema(version);
                }
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** {@return the schema version recorded in the database, 0 if none; with {@code share}, locked until commit} */
    int version(Connection c, boolean share) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM " + table("schema_version") + " WHERE id = 1" + (share ? " FOR SHARE" : ""))) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    JdbcStoreException newerSchema(int version) {
        if (version > SCHEMA_VERSION) {
            return new JdbcStoreException(ErrorCategory.CONFLICT, "the sferum tables at " + where + " (prefix " + prefix
                    + ") are at schema version " + version + ", newer than this library understands (" + SCHEMA_VERSION
                    + "); nothing was written", "a newer sferum-java-sdk on another node upgraded them: upgrade this node's SDK too", null);
        }
        return new JdbcStoreException(ErrorCategory.CONFLICT, "the sferum tables at " + where + " (prefix " + prefix
                + ") are at schema version " + version + ", not " + SCHEMA_VERSION + "; nothing was written",
                "open the stores with JdbcStores.open, which creates and upgrades the schema", null);
    }

    /** Sets a statement's lease length in milliseconds as an interval parameter. */
    static void setInterval(PreparedStatement ps, int index, Duration d) throws SQLException {
        ps.setLong(index, d.toMillis());
    }

    /** Binds an instant (or SQL NULL) to a {@code TIMESTAMPTZ} parameter. */
    static void setInstant(PreparedStatement ps, int index, java.time.Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
        }
    }

    /** {@return a {@code TIMESTAMPTZ} column as an instant, or {@code null}} */
    static java.time.Instant instant(ResultSet r, String column) throws SQLException {
        java.time.OffsetDateTime t = r.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** SQL for "now plus ? milliseconds" on the database's clock. */
    static String nowPlusMillis() {
        return "now() + (? * interval '1 millisecond')";
    }

    /** {@return the text of a schema script, with the table prefix filled in} */
    String script(int version) {
        String name = "schema/" + version + ".sql";
        try (InputStream in = Db.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + name + " is missing from the sferum-sdk-jdbc jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${p}", prefix);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema script " + name + " from the sferum-sdk-jdbc jar: " + e.getMessage(), e);
        }
    }

    JdbcStoreException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = "SQLSTATE " + (state.isEmpty() ? "?" : state) + ": " + firstLine(e.getMessage());
        if (state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException) {
            return new JdbcStoreException(ErrorCategory.TRANSIENT, "cannot reach the database at " + where + " to " + what + " (" + reason + ")",
                    "check the host, port and database name of the DataSource and that the database is running and reachable", state);
        }
        if (state.startsWith("28")) {
            return new JdbcStoreException(ErrorCategory.PERMISSION, "the database at " + where + " refused the credentials (" + reason + ")",
                    "check the user and password of the DataSource (not shown here)", state);
        }
        if ("3D000".equals(state)) {
            return new JdbcStoreException(ErrorCategory.INVALID_INPUT, "the database named by the DataSource does not exist at " + where
                    + " (" + reason + ")", "create it, or fix the database name in the DataSource's URL", state);
        }
        if ("42501".equals(state)) {
            return new JdbcStoreException(ErrorCategory.PERMISSION, "the database at " + where + " refused a privilege to " + what
                    + " (" + reason + ")", "grant the DataSource's user SELECT, INSERT, UPDATE, DELETE on the " + prefix
                    + "* tables (and CREATE on the schema for the first start)", state);
        }
        if ("42P01".equals(state) || "42703".equals(state) || "42P07".equals(state) || "42804".equals(state)) {
            return new JdbcStoreException(ErrorCategory.CONFLICT, "the " + prefix + "* tables at " + where + " are not the ones this library "
                    + "made, to " + what + " (" + reason + ")", "another application uses the same table names: give the SDK its own "
                    + "JdbcConfig.tablePrefix", state);
        }
        if (state.startsWith("40") || "55P03".equals(state) || "57014".equals(state)) {
            return new JdbcStoreException(ErrorCategory.TRANSIENT, "the database at " + where + " aborted a transaction to " + what
                    + " (" + reason + ")", "try again", state);
        }
        return new JdbcStoreException(ErrorCategory.TRANSIENT, "the database at " + where + " failed to " + what + " (" + reason + ")",
                "see the database's log for the statement; try again", state);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; closing it discards the transaction.
        }
    }

    /**
     * Host, port and database of a DataSource, from the URL getter common pools and drivers have ({@code getURL},
     * {@code getUrl}, {@code getJdbcUrl}), without user info or parameters (which may hold a password).
     */
    static String describe(DataSource ds) {
        for (String getter : new String[] {"getJdbcUrl", "getURL", "getUrl"}) {
            try {
                Method m = ds.getClass().getMethod(getter);
                Object url = m.invoke(ds);
                if (url instanceof String s && s.startsWith("jdbc:")) {
                    return hostPortDatabase(s);
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // Not this getter; try the next one.
            }
        }
        return "the DataSource " + ds.getClass().getSimpleName();
    }

    static String hostPortDatabase(String url) {
        String s = url;
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q);
        }
        int slashes = s.indexOf("//");
        if (slashes >= 0) {
            s = s.substring(slashes + 2);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        return s;
    }
}
