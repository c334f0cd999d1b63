package dev.sferum.sdk.spring;

import dev.sferum.sdk.jdbc.JdbcScheduleStore;
import dev.sferum.sdk.jdbc.JdbcStores;
import dev.sferum.sdk.spring.SferumProperties.StoreType;

import javax.sql.DataSource;

/** {@code sferum.stores.type=jdbc}: every store in PostgreSQL through the application's {@code DataSource}. */
final class JdbcStoreSupport {
    private JdbcStoreSupport() {
    }

    static SferumStores open(SferumProperties.Stores p, DataSource dataSource) {
        JdbcStores stores = JdbcStores.open(dataSource);
        return new SferumStores(StoreType.JDBC, stores.messageOutbox(), stores.chatMappings(p.scope()), JdbcScheduleStore.open(stores, p.scope()),
                stores.tokenStore(), stores.eventDedupeStore(), null, null);
    }
}
