package dev.sferum.sdk.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the JDBC stores use the database: table prefix, this node's name, and the leases that let several nodes
 * share work.
 *
 * <pre>{@code
 * JdbcConfig config = JdbcConfig.builder()
 *         .tablePrefix("ejournal_sferum_")
 *         .nodeId("app-node-3")
 *         .outboxLease(Duration.ofMinutes(2))
 *         .build();
 * JdbcStores stores = JdbcStores.open(dataSource, config);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcConfig {
    private final String tablePrefix;
    private final String nodeId;
    private final Duration outboxLease;
    private final int outboxBatch;
    private final Clock clock;

    private JdbcConfig(Builder b) {
        this.tablePrefix = b.tablePrefix;
        this.nodeId = b.nodeId;
        this.outboxLease = b.outboxLease;
        this.outboxBatch = b.outboxBatch;
        this.clock = b.clock;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the defaults} */
    public static JdbcConfig defaults() {
        return builder().build();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tablePrefix = tablePrefix;
        b.nodeId = nodeId;
        b.outboxLease = outboxLease;
        b.outboxBatch = outboxBatch;
        b.clock = clock;
        return b;
    }

    /** {@return what every table name starts with} */
    public String tablePrefix() {
        return tablePrefix;
    }

    /** {@return this node's name in leases} */
    public String nodeId() {
        return nodeId;
    }

    /** {@return how long a node holds an outbox entry it is sending before another node may send it} */
    public Duration outboxLease() {
        return outboxLease;
    }

    /** {@return how many outbox entries one {@code pending()} claims at most} */
    public int outboxBatch() {
        return outboxBatch;
    }

    /** {@return the clock stamping outbox entries} */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "JdbcConfig[tablePrefix=" + tablePrefix + ", nodeId=" + nodeId + ", outboxLease=" + outboxLease
                + ", outboxBatch=" + outboxBatch + "]";
    }

    /** Builds a {@link JdbcConfig}. Not thread-safe. */
    public static final class Builder {
        private String tablePrefix = "sferum_";
        private String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration outboxLease = Duration.ofMinutes(5);
        private int outboxBatch = 100;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets what every table name starts with.
         *
         * @param prefix what every table name starts with; default {@code sferum_}. Lower-case letters, digits and
         *     underscores, starting with a letter. Change it to keep several applications or environments apart in
         *     one database.
         * @return this builder
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.matches("[a-z][a-z0-9_]{0,29}")) {
                throw new IllegalArgumentException("tablePrefix must be lower-case letters, digits and underscores, starting with a letter, "
                        + "at most 30 characters: \"" + prefix + "\"");
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Sets this node's name in leases, for operators reading the tables.
         *
         * @param id this node's name in leases, for operators reading the tables; default {@code node-} and a
         *     random suffix. Must differ between nodes (and between restarts, unless a restarted node should take
         *     its predecessor's leases over at once).
         * @return this builder
         */
        public Builder nodeId(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank() || id.length() > 100) {
                throw new IllegalArgumentException("nodeId must be 1 to 100 characters: \"" + id + "\"");
            }
            this.nodeId = id;
            return this;
        }

        /**
         * Sets how long a node holds an outbox entry it took for sending before another node may send it.
         *
         * @param lease how long a node holds an outbox entry it took for sending before another node may send it;
         *     default 5 minutes. Longer than one {@code resendPending()} batch takes (at 20 messages a second, 100
         *     entries take 5 s); shorter means a dead node's messages go out sooner.
         * @return this builder
         */
        public Builder outboxLease(Duration lease) {
            this.outboxLease = atLeastAMillisecond(lease, "outboxLease");
            return this;
        }

        /**
         * Sets how many outbox entries one {@code pending()} takes at most.
         *
         * @param batch how many outbox entries one {@code pending()} takes at most; default 100
         * @return this builder
         */
        public Builder outboxBatch(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("outboxBatch must be at least 1: " + batch);
            }
            this.outboxBatch = batch;
            return this;
        }

        /**
         * Sets the clock that stamps outbox entries.
         *
         * @param clock stamps outbox entries; default {@link Clock#systemUTC()}. Leases (outbox entries, VK ID
         *     grants' refresh leases) use the database's clock, never this one.
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** {@return the config} */
        public JdbcConfig build() {
            return new JdbcConfig(this);
        }

        private static Duration atLeastAMillisecond(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
            }
            return d;
        }
    }
}
