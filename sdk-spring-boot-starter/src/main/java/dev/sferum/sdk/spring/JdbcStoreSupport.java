package dev.sferum.sdk.spring;

import dev.sferum.sdk.jdbc.JdbcConfig;
import dev.sferum.sdk.jdbc.JdbcScheduleStore;
import dev.sferum.sdk.jdbc.JdbcStores;
import dev.sferum.sdk.spring.SferumProperties.StoreType;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * {@code sferum.stores.type=jdbc}: every store in PostgreSQL through the application's {@code DataSource} (its pool
 * and credentials; the starter opens no connection of its own).
 */
final class JdbcStoreSupport {
    /** How long the health check waits for the database to answer. */
    private static final int VALID_SECONDS = 2;

    private JdbcStoreSupport() {
    }

    static SferumStores open(SferumProperties.Stores p, DataSource dataSource) {
        JdbcStores stores = JdbcStores.open(dataSource, JdbcConfig.builder().tablePrefix(p.tablePrefix()).build());
        return new SferumStores(StoreType.JDBC, stores.messageOutbox(), stores.chatMappings(p.scope()), JdbcScheduleStore.open(stores, p.scope()),
                stores.tokenStore(), stores.eventDedupeStore(), null, null, details -> {
                    details.put("tablePrefix", p.tablePrefix());
                    try (Connection c = dataSource.getConnection()) {
                        if (!c.isValid(VALID_SECONDS)) {
                            throw new IllegalStateException("the database did not answer within " + VALID_SECONDS + " s");
                        }
                    }
                });
    }
}
