package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The database could not be used: unreachable, refused the credentials, holds a schema this library does not
 * understand, or refused a statement.
 *
 * <p>The message names the database (host, port and name, as far as the {@code DataSource} tells) and the
 * table, never a password or a token. {@link #category()}: {@code TRANSIENT} when the database could not be
 * reached or a transaction conflicted (try again), {@code PERMISSION} when it refused the credentials or a
 * privilege, {@code CONFLICT} when the schema is newer than this library or a table was made by someone else,
 * {@code NOT_SUPPORTED} for a database other than PostgreSQL.
 *
 * <pre>{@code
 * try {
 *     JdbcStores stores = JdbcStores.open(dataSource);
 * } catch (JdbcStoreException e) {
 *     log.error("durable stores unavailable: {}", e.getMessage()); // "cannot reach the database at db1:5432/school ..."
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class JdbcStoreException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** The database's SQLSTATE; null when the failure did not come from the database. */
    private final String sqlState;

    /**
     * Makes an exception for a failed database operation.
     *
     * @param category what the caller should do
     * @param message what went wrong, without secrets
     * @param remedy how to fix it
     * @param sqlState the database's SQLSTATE, or {@code null}
     */
    public JdbcStoreException(ErrorCategory category, String message, String remedy, String sqlState) {
        super(category, null, message, remedy, null);
        this.sqlState = sqlState;
    }

    /** {@return the database's SQLSTATE, if the failure came from the database} */
    public java.util.Optional<String> sqlState() {
        return java.util.Optional.ofNullable(sqlState);
    }
}
