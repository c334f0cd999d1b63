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
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    private final Check check;

    /** Whether the store's server (or folder) can be used now, for the health indicator. */
    @FunctionalInterface
    interface Check {
        /**
         * Checks that the store can be reached.
         *
         * @param details where to put what the check saw: no secret, no host's password
         * @throws Exception whatever reaching the store threw
         */
        void run(Map<String, Object> details) throws Exception;
    }

    SferumStores(StoreType type, MessageOutbox outbox, ChatMappingStore mappings, ScheduleStore schedule, TokenStore tokens,
            EventDedupeStore dedupe, RateBudgetStore budgets, AutoCloseable resource, Check check) {
        this.type = type;
        this.outbox = outbox;
        this.mappings = mappings;
        this.schedule = schedule;
        this.tokens = tokens;
        this.dedupe = dedupe;
        this.budgets = budgets;
        this.resource = resource;
        this.check = check;
    }

    static SferumStores open(SferumProperties.Stores p, Supplier<DataSource> dataSource, Environment env, BeanFactory beans) {
        return switch (p.type()) {
            case MEMORY -> new SferumStores(StoreType.MEMORY, MessageOutbox.inMemory(), ChatMappingStore.inMemory(),
                    ScheduleStore.inMemory(), new InMemoryTokenStore(), null, null, null, details -> { });
            case FILE -> files(p.directory(), StoreType.FILE, null, null, null, null, folder(p.directory()));
            case REDIS -> {
                need("dev.sferum.sdk.redis.RedisStores", "redis", "sferum-sdk-redis");
                yield RedisStoreSupport.open(p, env, beans);
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
            AutoCloseable resource, Check check) {
        return new SferumStores(type, MessageOutbox.file(dir.resolve("outbox.json")), ChatMappingStore.file(dir.resolve("chats.json")),
                ScheduleStore.file(dir.resolve("lessons.json")),
                tokens != null ? tokens : FileTokenStore.open(dir.resolve("vkid-tokens.json")), dedupe, budgets, resource, check);
    }

    /** The files' folder must still be a folder this process may write (a full or read-only disk shows here). */
    static Check folder(Path dir) {
        return details -> {
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new IllegalStateException("sferum.stores.directory is not a writable folder");
            }
            details.put("directory", dir.toString());
        };
    }

    private static void need(String className, String type, String artifact) {
        if (!ClassUtils.isPresent(className, SferumStores.class.getClassLoader())) {
            throw new IllegalStateException("sferum.stores.type=" + type + " needs dev.sferum:" + artifact
                    + " on the class path; add that dependency, or choose sferum.stores.type=file");
        }
    }

    /**
     * Checks that the store can be reached now: a Redis {@code PING}, a JDBC {@code Connection.isValid}, the files'
     * folder writable.
     *
     * @param details where the check puts what it saw
     * @throws Exception whatever reaching the store threw
     */
    void check(Map<String, Object> details) throws Exception {
        check.run(details);
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
