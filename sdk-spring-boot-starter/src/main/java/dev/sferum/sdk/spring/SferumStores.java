package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.FileTokenStore;
import dev.sferum.sdk.auth.InMemoryTokenStore;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.spring.SferumProperties.StoreType;
import dev.sferum.sdk.video.ScheduleStore;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The stores {@code sferum.stores.type} names, opened once and closed with the application context. Redis and JDBC
 * code lives in {@link RedisStoreSupport} and {@link JdbcStoreSupport}, loaded only when chosen, so their modules
 * stay optional.
 */
final class SferumStores implements AutoCloseable {
    final StoreType type;
    final MessageOutbox outbox;
    final ChatMappingStore mappings;
    final ScheduleStore schedule;
    final TokenStore tokens;
    /** {@code null}: the event stream's own in-memory de-duplication. */
    final EventDedupeStore dedupe;
    /** {@code null}: the SDK's in-memory budgets. */
    final RateBudgetStore budgets;
    private final AutoCloseable resource;

    SferumStores(StoreType type, MessageOutbox outbox, ChatMappingStore mappings, ScheduleStore schedule, TokenStore tokens,
            EventDedupeStore dedupe, RateBudgetStore budgets, AutoCloseable resource) {
        this.type = type;
        this.outbox = outbox;
        this.mappings = mappings;
        this.schedule = schedule;
        this.tokens = tokens;
        this.dedupe = dedupe;
        this.budgets = budgets;
        this.resource = resource;
    }

    static SferumStores open(SferumProperties.Stores p, Supplier<DataSource> dataSource, Environment env) {
        return switch (p.type()) {
            case MEMORY -> new SferumStores(StoreType.MEMORY, MessageOutbox.inMemory(), ChatMappingStore.inMemory(),
                    ScheduleStore.inMemory(), new InMemoryTokenStore(), null, null, null);
            case FILE -> files(p.directory(), StoreType.FILE, null, null, null);
            case REDIS -> {
                need("dev.sferum.sdk.redis.RedisStores", "redis", "sferum-sdk-redis");
                yield RedisStoreSupport.open(p, env);
            }
            case JDBC -> {
                need("dev.sferum.sdk.jdbc.JdbcStores", "jdbc", "sferum-sdk-jdbc");
                DataSource ds = dataSource.get();
                if (ds == null) {
                    throw new IllegalStateException("sferum.stores.type=jdbc needs a DataSource bean; set spring.datasource.url "
                            + "(and add spring-boot-starter-jdbc), or choose sferum.stores.type=file");
                }
                yield JdbcStoreSupport.open(p, ds);
            }
        };
    }

    /** Outbox, mappings, lessons and (unless given) grants as JSON files in one folder. */
    static SferumStores files(Path dir, StoreType type, TokenStore tokens, EventDedupeStore dedupe, RateBudgetStore budgets,
            AutoCloseable resource) {
        return new SferumStores(type, MessageOutbox.file(dir.resolve("outbox.json")), ChatMappingStore.file(dir.resolve("chats.json")),
                ScheduleStore.file(dir.resolve("lessons.json")),
                tokens != null ? tokens : FileTokenStore.open(dir.resolve("vkid-tokens.json")), dedupe, budgets, resource);
    }

    private static SferumStores files(Path dir, StoreType type, TokenStore tokens, EventDedupeStore dedupe, RateBudgetStore budgets) {
        return files(dir, type, tokens, dedupe, budgets, null);
    }

    private static void need(String className, String type, String artifact) {
        if (!ClassUtils.isPresent(className, SferumStores.class.getClassLoader())) {
            throw new IllegalStateException("sferum.stores.type=" + type + " needs dev.sferum:" + artifact
                    + " on the class path; add that dependency, or choose sferum.stores.type=file");
        }
    }

    /**
     * Reads the outbox once: the cheapest operation every store type has.
     *
     * @throws RuntimeException whatever the store throws when it cannot be reached
     */
    int probe() {
        return outbox.pending().size();
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    @Override
    public String toString() {
        return "SferumStores{type=" + type + "}";
    }
}
