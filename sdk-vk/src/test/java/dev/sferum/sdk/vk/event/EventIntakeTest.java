package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.ClientInfo;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventMeta;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageDeleted;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sferum.sdk.vk.event.EventFixtures.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The public intake for sources outside the package ({@link EventStream#offer}, {@link EventStream#put},
 * {@link EventStream#attach}): the same per-peer order, backpressure, de-duplication and closing as VK's sources, and a
 * de-duplication store that fails refuses the event.
 */
class EventIntakeTest {
    private static final long BOT = 229229229;

    /** A MAX-like message event in chat {@code chat}, the {@code seq}-th there, with the given id. */
    private static MessageNew message(long chat, int seq, String eventId) {
        EventMeta meta = new EventMeta("message_created", eventId, BOT, "", EventOrigin.WEBHOOK, "{}");
        Message m = new Message(MessageRef.keyed(PeerId.chat(chat), "mid." + chat + "." + seq), PeerId.user(1000 + chat),
                Instant.parse("2025-09-01T08:00:00Z"), String.valueOf(seq), List.of(), 0, null);
        return new MessageNew(meta, m, ClientInfo.UNKNOWN);
    }

    private static int seq(MessageNew m) {
        return Integer.parseInt(m.message().text());
    }

    @Test
    void put_when4000EventsOf10PeersFromTwoSourceThreads_expectedEachPeerInOrderNeverConcurrent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        ExecutorService sources = Executors.newFixedThreadPool(2);
        Map<PeerId, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<PeerId, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        try (EventStream events = EventStream.builder().executor(pool).capacity(64).build()) {
            events.onMessageNew(m -> {
                PeerId peer = m.peer().orElseThrow();
                if (running.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet() != 1) {
                    violations.add("two events of " + peer + " at once");
                }
                seen.computeIfAbsent(peer, p -> new CopyOnWriteArrayList<>()).add(seq(m));
                running.get(peer).decrementAndGet();
            });
            // Each source thread owns five chats: the order of one chat's events is the order its source put them.
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int source = 0; source < 2; source++) {
                int first = 1 + source * 5;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 1; i <= 400; i++) {
                        for (int chat = first; chat < first + 5; chat++) {
                            try {
                                assertThat(events.put(message(chat, i, "c" + chat + "-" + i))).isEqualTo(EventAdmission.ACCEPTED);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }, sources));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            EventFixtures.await("every event handled", () -> seen.values().stream().mapToInt(List::size).sum() == 4000);
        } finally {
            pool.shutdownNow();
            sources.shutdownNow();
        }
        assertThat(violations).isEmpty();
        assertThat(seen).hasSize(10);
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            expected.add(i);
        }
        seen.values().forEach(list -> assertThat(list).isEqualTo(expected));
    }

    @Test
    void offerAndPut_whenFull_expectedOfferFullAndPutWaitsForRoom() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        ExecutorService putter = Executors.newSingleThreadExecutor();
        try (EventStream events = EventStream.builder().capacity(2).build()) {
            events.onMessageNew(m -> {
                release.await();
                got.handle(m);
            });
            assertThat(events.offer(message(1, 1, "a"))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(message(2, 1, "b"))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(message(3, 1, "c"))).isEqualTo(EventAdmission.FULL);
            assertThat(events.pending()).isEqualTo(2);

            CompletableFuture<EventAdmission> put = CompletableFuture.supplyAsync(() -> {
                try {
                    return events.put(message(3, 1, "c"));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, putter);
            assertThat(put).as("no room: the put waits").isNotDone();
            release.countDown();
            assertThat(put.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("FULL remembered nothing: the same event is accepted, not a duplicate").isEqualTo(EventAdmission.ACCEPTED);
            assertThat(got.awaitCount(3)).extracting(e -> e.meta().eventId()).containsExactlyInAnyOrder("a", "b", "c");
        } finally {
            putter.shutdownNow();
        }
    }

    @Test
    void offer_whenTheSameIdComesTwiceOrNoIdAtAll_expectedDuplicateDroppedAndIdlessAlwaysDelivered() {
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder().executor(Runnable::run).build()) {
            events.onMessageNew(got);
            assertThat(events.offer(message(1, 1, "same"))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(message(1, 1, "same"))).isEqualTo(EventAdmission.DUPLICATE);
            assertThat(EventAdmission.DUPLICATE.handedOver()).isTrue();
            assertThat(EventAdmission.FULL.handedOver()).isFalse();
            assertThat(events.offer(message(1, 2, ""))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(message(1, 2, ""))).as("no id, never a duplicate").isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.pending()).isZero();
        }
        assertThat(got.events()).extracting(EventIntakeTest::seq).containsExactly(1, 2, 2);
        assertThatThrownBy(() -> EventStream.builder().build().offer(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void close_whenSourcesAreAttached_expectedClosedFirstThenAcceptedDrainedThenRefused() throws Exception {
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        AtomicBoolean streamClosedWhenSourceClosed = new AtomicBoolean(true);
        CountDownLatch release = new CountDownLatch(1);
        EventStream events = EventStream.builder().build();
        events.onMessageNew(m -> {
            release.await();
            got.handle(m);
        });
        events.attach(() -> streamClosedWhenSourceClosed.set(events.isClosed()));
        events.attach(() -> {
            throw new IllegalStateException("a source that fails to close");
        });
        assertThat(events.offer(message(1, 1, "a"))).isEqualTo(EventAdmission.ACCEPTED);
        release.countDown();
        events.close();

        assertThat(streamClosedWhenSourceClosed).as("sources are closed while the stream still accepts").isFalse();
        assertThat(got.events()).as("accepted events were drained").hasSize(1);
        assertThat(events.offer(message(1, 2, "b"))).isEqualTo(EventAdmission.CLOSED);
        assertThat(events.put(message(1, 2, "b"))).isEqualTo(EventAdmission.CLOSED);
        AtomicInteger closedLate = new AtomicInteger();
        events.attach(closedLate::incrementAndGet);
        assertThat(closedLate).as("attached after close: closed at once").hasValue(1);
    }

    @Test
    void offer_whenTheStreamClosesBetweenMarkAndQueue_expectedClosedAndTheKeyForgotten() {
        List<String> forgotten = new CopyOnWriteArrayList<>();
        MemoryStore memory = new MemoryStore();
        EventStream[] stream = new EventStream[1];
        EventDedupeStore closing = new EventDedupeStore() {
            @Override
            public boolean markFirst(String key, Duration window) {
                boolean first = memory.markFirst(key, window);
                stream[0].close();
                return first;
            }

            @Override
            public void forget(String key) {
                forgotten.add(key);
                memory.forget(key);
            }
        };
        stream[0] = EventStream.builder().dedupeStore(closing).build();
        assertThat(stream[0].offer(message(1, 1, "late"))).isEqualTo(EventAdmission.CLOSED);
        assertThat(forgotten).containsExactly(BOT + ":late");
        assertThat(memory.markFirst(BOT + ":late", Duration.ofMinutes(1))).as("a retry elsewhere is not a duplicate").isTrue();
    }

    /** Remembers every key until forgotten (the window is longer than any of these tests). */
    private static final class MemoryStore implements EventDedupeStore {
        private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

        @Override
        public boolean markFirst(String key, Duration window) {
            return seen.putIfAbsent(key, Boolean.TRUE) == null;
        }

        @Override
        public void forget(String key) {
            seen.remove(key);
        }
    }

    /** A store that fails while {@code down} is set, else remembers in memory; counts its calls. */
    private static final class FlakyStore implements EventDedupeStore {
        final MemoryStore memory = new MemoryStore();
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();
        RuntimeException failure = new IllegalStateException("connection refused");

        @Override
        public boolean markFirst(String key, Duration window) {
            calls.incrementAndGet();
            if (down.get()) {
                throw failure;
            }
            return memory.markFirst(key, window);
        }

        @Override
        public void forget(String key) {
            memory.forget(key);
        }
    }

    @Test
    void offerAndPut_whenTheDedupeStoreFails_expectedTypedErrorNothingQueuedAndTheRoomGivenBack() throws Exception {
        FlakyStore store = new FlakyStore();
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder().executor(Runnable::run).capacity(1).dedupeStore(store).build()) {
            events.onMessageNew(got);
            EventDedupeException e = catchThrowableOfType(EventDedupeException.class, () -> events.offer(message(1, 1, "a")));
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(e.getCause()).isSameAs(store.failure);
            assertThat(e.getMessage()).contains("refused").doesNotContain(BOT + ":a");
            assertThat(catchThrowableOfType(EventDedupeException.class, () -> events.put(message(1, 1, "a")))).isNotNull();

            store.failure = new SferumException(ErrorCategory.PERMISSION, null, "no privilege", "grant it", null);
            assertThat(catchThrowableOfType(EventDedupeException.class, () -> events.offer(message(1, 1, "a"))).category())
                    .as("the store's category is kept").isEqualTo(ErrorCategory.PERMISSION);
            assertThat(events.pending()).isZero();
            assertThat(got.events()).isEmpty();

            store.down.set(false);
            assertThat(events.offer(message(1, 1, "a"))).as("capacity 1: the failed attempts gave their room back")
                    .isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.put(message(1, 1, "a"))).isEqualTo(EventAdmission.DUPLICATE);
        }
        assertThat(got.events()).hasSize(1);
    }

    @Test
    void callback_whenTheDedupeStoreFails_expected503ThenDeliveredOnceAfterRecovery() {
        FlakyStore store = new FlakyStore();
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder().executor(Runnable::run).dedupeStore(store).build()) {
            events.onMessageNew(got);
            CallbackReceiver receiver = EventFixtures.receiver(events);
            byte[] event = EventFixtures.chatMessage(1, 1, "x1");
            assertThat(receiver.handle(event, Map.of()).status()).as("VK retries a 503").isEqualTo(503);
            store.down.set(false);
            assertThat(receiver.handle(event, Map.of("X-Retry-Counter", List.of("1"))).isOk()).isTrue();
            assertThat(receiver.handle(event, Map.of("X-Retry-Counter", List.of("2"))).isOk()).isTrue();
        }
        assertThat(got.events()).hasSize(1);
    }

    @Test
    void offer_whenFull_expectedTheStoreNotAsked() throws Exception {
        FlakyStore store = new FlakyStore();
        store.down.set(false);
        CountDownLatch release = new CountDownLatch(1);
        try (EventStream events = EventStream.builder().capacity(1).dedupeStore(store).build()) {
            events.onMessageNew(m -> release.await());
            assertThat(events.offer(message(1, 1, "a"))).isEqualTo(EventAdmission.ACCEPTED);
            assertThat(events.offer(message(1, 2, "b"))).isEqualTo(EventAdmission.FULL);
            assertThat(store.calls).hasValue(1);
            release.countDown();
        }
    }

    @Test
    void reportSourceFailure_whenTheListenerThrows_expectedContained() {
        List<String> heard = new CopyOnWriteArrayList<>();
        EventErrorListener listener = new EventErrorListener() {
            @Override
            public void handlerFailed(ChatEvent event, Throwable error) {
            }

            @Override
            public void sourceFailed(EventOrigin origin, Throwable error, boolean willRetry) {
                heard.add(origin + " " + error.getMessage() + " " + willRetry);
                throw new IllegalStateException("listener bug");
            }
        };
        try (EventStream events = EventStream.builder().errorListener(listener).build()) {
            events.reportSourceFailure(EventOrigin.WEBHOOK, new IllegalStateException("queue gone"), true);
        }
        assertThat(heard).containsExactly("WEBHOOK queue gone true");
    }

    @Test
    void messageDeleted_whenTheMessageIsInAnotherChat_expectedRefused() {
        EventMeta meta = new EventMeta("message_removed", "max:1", BOT, "", EventOrigin.WEBHOOK, "{}");
        MessageRef ref = MessageRef.keyed(PeerId.chat(5), "mid.1");
        MessageDeleted d = new MessageDeleted(meta, ref, PeerId.chat(5), dev.sferum.sdk.chat.UserId.of(7));
        assertThat(d.peer()).contains(PeerId.chat(5));
        assertThatThrownBy(() -> new MessageDeleted(meta, ref, PeerId.chat(6), dev.sferum.sdk.chat.UserId.of(7)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
