package dev.sferum.sdk.redis;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.chat.event.ClientInfo;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventMeta;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.redis.testing.Canary;
import dev.sferum.sdk.redis.testing.RedisProcess;
import dev.sferum.sdk.redis.testing.Servers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Event de-duplication shared by several nodes on a real Redis: two {@link EventStream}s ("nodes") with their own
 * {@link RedisStores} connection receive the same events, and every event is handled exactly once in total; expiry on
 * Redis's clock, forget, bad keys, and a Redis that goes away and comes back.
 */
class RedisEventDedupeTest {
    private static final long GROUP = 123456;
    private static final String SECRET = "dedupe-test-callback-secret";

    private final List<RedisStores> nodes = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = "test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void close() {
        nodes.forEach(RedisStores::close);
    }

    private RedisStores node(String url) {
        RedisStores n = RedisStores.connect(RedisConfig.builder().url(url).keyPrefix(prefix)
                .commandTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(30)).build());
        nodes.add(n);
        return n;
    }

    private RedisStores node() {
        return node(Servers.redisUrl());
    }

    /** Runs Redis commands the way an operator would, beside the stores. */
    private static <T> T observe(String url, java.util.function.Function<RedisCommands<String, String>, T> f) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static MessageNew event(int i) {
        EventMeta meta = new EventMeta("message_new", "ev-" + i, GROUP, "5.199", EventOrigin.LONG_POLL, "{}");
        PeerId chat = PeerId.chat(1 + i % 20);
        Message m = new Message(MessageRef.keyed(chat, "m" + i), PeerId.user(1000), Instant.parse("2025-09-01T08:00:00Z"),
                String.valueOf(i), List.of(), 0, null);
        return new MessageNew(meta, m, ClientInfo.UNKNOWN);
    }

    private static byte[] callback(String eventId) {
        return ("{\"type\":\"message_new\",\"event_id\":\"" + eventId + "\",\"v\":\"5.199\",\"group_id\":" + GROUP + ",\"secret\":\"" + SECRET
                + "\",\"object\":{\"message\":{\"id\":0,\"date\":1735689600,\"peer_id\":2000000001,\"from_id\":1001,\"text\":\"1\","
                + "\"conversation_message_id\":1,\"out\":0,\"version\":1}},\"client_info\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static CallbackReceiver receiver(EventStream stream) {
        return CallbackReceiver.builder().groupId(GROUP).confirmation(Secret.of("confirm-code")).secret(Secret.of(SECRET)).build(stream);
    }

    /** Bounded polling for something real time decides (Redis's expiry, Lettuce's reconnect). */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }

    @Test
    void twoNodes_whenBothReceiveTheSame1000EventsAtOnce_expectedEachHandledExactlyOnceInTotal() throws Exception {
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        List<EventStream> streams = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            EventStream stream = EventStream.builder().dedupeStore(RedisEventDedupeStore.of(node())).capacity(100).threads(4).build();
            stream.onMessageNew(m -> {
                handled.computeIfAbsent(m.meta().eventId(), k -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
            });
            streams.add(stream);
        }
        // Two source threads per node, each walking the events in its own order: four racers on every key.
        ExecutorService sources = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Map<EventAdmission, Integer>>> runs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                EventStream stream = streams.get(s % 2);
                int variant = s;
                runs.add(CompletableFuture.supplyAsync(() -> {
                    Map<EventAdmission, Integer> counts = new ConcurrentHashMap<>();
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        order.add(i);
                    }
                    if (variant >= 2) {
                        Collections.reverse(order);
                    }
                    try {
                        go.await();
                        for (int i : order) {
                            counts.merge(stream.put(event(i)), 1, Integer::sum);
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return counts;
                }, sources));
            }
            go.countDown();
            int accepted = 0;
            int duplicates = 0;
            for (CompletableFuture<Map<EventAdmission, Integer>> run : runs) {
                Map<EventAdmission, Integer> counts = run.get(120, TimeUnit.SECONDS);
                accepted += counts.getOrDefault(EventAdmission.ACCEPTED, 0);
                duplicates += counts.getOrDefault(EventAdmission.DUPLICATE, 0);
            }
            assertThat(accepted).as("each event queued by one source on one node").isEqualTo(1000);
            assertThat(duplicates).as("and dropped by the three others").isEqualTo(3000);
        } finally {
            sources.shutdownNow();
            streams.forEach(EventStream::close);
        }
        assertThat(total).hasValue(1000);
        assertThat(handled).hasSize(1000);
        assertThat(handled.values()).allSatisfy(c -> assertThat(c).hasValue(1));
        List<String> keys = observe(Servers.redisUrl(), r -> r.keys(prefix + "event:*"));
        assertThat(keys).hasSize(1000);
    }

    @Test
    void callback_whenVkRetriesOnAnotherNode_expectedOkThereAndHandledOnce() {
        AtomicInteger handled = new AtomicInteger();
        try (EventStream a = EventStream.builder().executor(Runnable::run).dedupeStore(RedisEventDedupeStore.of(node())).build();
             EventStream b = EventStream.builder().executor(Runnable::run).dedupeStore(RedisEventDedupeStore.of(node())).build()) {
            a.onMessageNew(m -> handled.incrementAndGet());
            b.onMessageNew(m -> handled.incrementAndGet());
            assertThat(receiver(a).handle(callback("retried-1"), Map.of()).isOk()).isTrue();
            assertThat(receiver(b).handle(callback("retried-1"), Map.of("X-Retry-Counter", List.of("1"))).isOk())
                    .as("the retry on node b is answered ok, so VK stops").isTrue();
        }
        assertThat(handled).hasValue(1);
    }

    @Test
    void markFirst_expiresOnRedisClockAfterTheWindow() throws Exception {
        String url = Servers.redisUrl();
        RedisEventDedupeStore store = RedisEventDedupeStore.of(node());
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).isTrue();
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).isFalse();
        long pttl = observe(url, r -> r.pttl(prefix + "event:1:a"));
        assertThat(pttl).as("Redis counts the window")
                .isBetween(Duration.ofHours(1).minusMinutes(1).toMillis(), Duration.ofHours(1).toMillis());
        // Redis's clock decides: shorten the expiry instead of waiting an hour.
        observe(url, r -> r.pexpire(prefix + "event:1:a", 1));
        assertThat(eventually(() -> store.markFirst("1:a", Duration.ofHours(1)))).as("expired: first again").isTrue();
        assertThat(store.markFirst("1:a", Duration.ofHours(1))).isFalse();

        // A window under a millisecond is rounded up to one, not sent as PX 0 (which Redis rejects).
        assertThat(store.markFirst("1:b", Duration.ofNanos(1))).isTrue();
        assertThat(eventually(() -> store.markFirst("1:b", Duration.ofNanos(1)))).isTrue();
        // A window beyond what Redis can count is remembered as long as Redis can.
        assertThat(store.markFirst("1:c", Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
        assertThat(store.markFirst("1:c", Duration.ofSeconds(Long.MAX_VALUE))).isFalse();
        long longest = observe(url, r -> r.pttl(prefix + "event:1:c"));
        assertThat(longest).isGreaterThan(Duration.ofDays(365 * 1000).toMillis());
    }

    @Test
    void forget_letsTheRetryThroughButNeverDeletesAnotherNodesMark() throws Exception {
        String url = Servers.redisUrl();
        RedisEventDedupeStore a = RedisEventDedupeStore.of(node());
        RedisEventDedupeStore b = RedisEventDedupeStore.of(node());
        assertThat(RedisEventDedupeStore.of(node())).isNotSameAs(a);
        assertThat(RedisEventDedupeStore.of(nodes.get(0))).as("one store per node").isSameAs(a);

        assertThat(a.markFirst("1:a", Duration.ofHours(1))).isTrue();
        a.forget("1:a");
        assertThat(b.markFirst("1:a", Duration.ofHours(1))).as("forgotten: the retry is a first sighting").isTrue();

        a.forget("1:a");
        assertThat(a.markFirst("1:a", Duration.ofHours(1))).as("b's mark survives a's forget").isFalse();

        // a marked, its window ended, b marked again; a late forget of a's must leave b's mark.
        assertThat(a.markFirst("1:late", Duration.ofHours(1))).isTrue();
        observe(url, r -> r.del(prefix + "event:1:late"));
        assertThat(b.markFirst("1:late", Duration.ofHours(1))).isTrue();
        a.forget("1:late");
        assertThat(a.markFirst("1:late", Duration.ofHours(1))).as("a third delivery is still a duplicate").isFalse();

        a.forget("never-marked");
        observe(url, r -> r.hset(prefix + "event:foreign", "x", "1"));
        a.forget("foreign");
        String field = observe(url, r -> r.hget(prefix + "event:foreign", "x"));
        assertThat(field).as("data this store did not write is left alone").isEqualTo("1");
        assertThat(a.markFirst("foreign", Duration.ofHours(1))).as("and counts as marked").isFalse();
    }

    @Test
    void markFirst_whenKeyOrWindowIsBad_expectedIllegalArgumentBeforeAnyCommand() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            RedisEventDedupeStore store = RedisEventDedupeStore.of(node(redis.url()));
            redis.kill(); // any command would now fail with an EventDedupeException, not an IllegalArgumentException
            Duration hour = Duration.ofHours(1);
            assertThatThrownBy(() -> store.markFirst(null, hour)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
            assertThatThrownBy(() -> store.markFirst(" ", hour)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
            assertThatThrownBy(() -> store.markFirst("x".repeat(501), hour)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("500").hasMessageContaining("501");
            assertThatThrownBy(() -> store.markFirst("1:a\nb", hour)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("control").hasMessageContaining("index 3");
            assertThatThrownBy(() -> store.markFirst("1:\uD800", hour)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("surrogate");
            assertThatThrownBy(() -> store.markFirst("1:a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive");
            assertThatThrownBy(() -> store.markFirst("1:a", Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.markFirst("1:a", null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.forget("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.forget(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.markFirst("1:a", hour)).as("a good key does reach Redis").isInstanceOf(EventDedupeException.class);
        }
    }

    @Test
    void markFirst_acceptsEveryKeyAStreamMakes() {
        RedisEventDedupeStore store = RedisEventDedupeStore.of(node());
        String paired = "1:" + new String(Character.toChars(0x1F600)) + " {tag} ключ";
        assertThat(store.markFirst(paired, Duration.ofMinutes(1))).isTrue();
        assertThat(store.markFirst(paired, Duration.ofMinutes(1))).isFalse();
        assertThat(store.markFirst("x".repeat(RedisEventDedupeStore.MAX_KEY_LENGTH), Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void stream_whenRedisIsStopped_expectedTheEventRefusedWithATypedErrorAndDeliveredOnceWhenBack() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        try (RedisProcess redis = RedisProcess.start();
             EventStream events = EventStream.builder().executor(Runnable::run).dedupeStore(RedisEventDedupeStore.of(node(redis.url()))).build()) {
            events.onMessageNew(m -> handled.incrementAndGet());
            assertThat(events.offer(event(0))).isEqualTo(EventAdmission.ACCEPTED);
            redis.kill();

            EventDedupeException e = catchThrowableOfType(EventDedupeException.class, () -> events.offer(event(1)));
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(e.getCause()).isInstanceOf(RedisStoreException.class);
            assertThat(((RedisStoreException) e.getCause()).address()).isEqualTo("127.0.0.1:" + redis.port());
            assertThat(e.getMessage()).contains("cannot reach Redis at 127.0.0.1:" + redis.port())
                    .doesNotContain(Canary.REDIS_PASSWORD).doesNotContain("ev-1");
            assertThat(e.remedy()).isPresent();
            assertThatThrownBy(() -> events.put(event(1))).as("a long poll's put is refused too, so it fetches the batch again")
                    .isInstanceOf(EventDedupeException.class);
            assertThat(receiver(events).handle(callback("down-1"), Map.of()).status()).as("VK retries a 503").isEqualTo(503);
            assertThat(events.pending()).isZero();
            assertThat(handled).as("only the event accepted before").hasValue(1);

            redis.startAgain(); // empty: the restart lost every mark
            assertThat(eventually(() -> receiver(events).handle(callback("down-1"), Map.of("X-Retry-Counter", List.of("1"))).isOk()))
                    .as("once Lettuce reconnected, the retry is accepted").isTrue();
            assertThat(receiver(events).handle(callback("down-1"), Map.of("X-Retry-Counter", List.of("2"))).isOk()).isTrue();
            assertThat(handled).as("the retry handled once").hasValue(2);
            assertThat(events.offer(event(1))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(event(1))).isEqualTo(EventAdmission.DUPLICATE);
            assertThat(events.offer(event(0))).as("the restart forgot ev-0: delivered again, at least once")
                    .isEqualTo(EventAdmission.ACCEPTED);
        }
        assertThat(handled).hasValue(4);
    }
}
