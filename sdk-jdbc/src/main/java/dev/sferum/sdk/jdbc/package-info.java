/**
 * Stores on a JDBC {@link javax.sql.DataSource} (PostgreSQL), shared by every node of an application: plain JDBC,
 * no ORM, the schema shipped as SQL and created or upgraded on start.
 *
 * <p>Start with {@link dev.sferum.sdk.jdbc.JdbcStores#open(javax.sql.DataSource)}. Every type here is thread-safe
 * unless its Javadoc says otherwise. No method accepts {@code null} unless its Javadoc says so; a {@code null} where
 * none is allowed fails at once with a {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.jdbc;
