package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.ChatActionEvent;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.chat.event.Subscription;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sferum.sdk.vk.event.EventFixtures.PATIENCE;
import static dev.sferum.sdk.vk.event.EventFixtures.chatMessage;
import static org.assertj.core.api.Assertions.assertThat;

/** Delivery to handlers: order per peer under load, parallel peers, failing handlers, de-duplication, closing. */
class DeliveryTest {

    @ParameterizedTest
    @EnumSource(Feed.class)
    void deliver_when10000EventsOver40PeersOnParallelExecutor_expectedEachPeerInOrderNeverConcurrent(Feed feed) {
        int peers = 40;
        int total = 10_000;
        List<byte[]> payloads = new ArrayList<>(total);
        Map<Long, Integer> sent = new HashMap<>();
        for (int i = 0; i < total; i++) {
            long chat = 1 + (i * 7L + i / 13) % peers;
            int seq = sent.merge(chat, 1, Integer::sum);
            payloads.add(chatMessage(chat, seq, "ev-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<PeerId, List<Long>> seen = new ConcurrentHashMap<>();
        Map<PeerId, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        try (EventStream events = EventStream.builder().executor(pool).capacity(256).build()) {
            events.onMessageNew(m -> {
                PeerId peer = m.peer().orElseThrow();
                if (running.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet() != 1) {
                    violations.add("two events of " + peer + " at once");
                }
                seen.computeIfAbsent(peer, p -> new CopyOnWriteArrayList<>()).add(m.message().ref().conversationMessageId().orElseThrow());
                running.get(peer).decrementAndGet();
            });

            feed.deliver(events, payloads);

            EventFixtures.await("every event handled", () -> seen.values().stream().mapToInt(List::size).sum() == total);
            assertThat(events.pending()).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(violations).isEmpty();
        assertThat(seen).hasSize(peers);
        seen.forEach((peer, seqs) -> {
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= sent.get(peer.id()); s++) {
                expected.add(s);
            }
            assertThat(seqs).as("order of %s", peer).isEqualTo(expected);
        });
    }

    @Test
    void deliver_whenOnePeerIsBusy_expectedOtherPeersRunMeanwhile() {
        CountDownLatch otherPeerRan = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (EventStream events = EventStream.builder().executor(pool).build()) {
            events.onMessageNew(m -> {
                if (m.peer().orElseThrow().equals(PeerId.chat(1))) {
                    // Peer 1 holds its thread until peer 2's event ran: a serial dispatcher would never get there.
                    assertThat(otherPeerRan.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    order.add(m.peer().orElseThrow() + "#" + m.message().text());
                } else {
                    order.add(m.peer().orElseThrow() + "#" + m.message().text());
                    otherPeerRan.countDown();
                }
            });

            Feed.CALLBACK.deliver(events, List.of(chatMessage(1, 1, "a1"), chatMessage(1, 2, "a2"), chatMessage(2, 1, "b1")));

            EventFixtures.await("three events", () -> order.size() == 3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(order).containsExactly("chat:2#1", "chat:1#1", "chat:1#2");
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void deliver_whenHandlerThrows_expectedReportedAndStreamGoesOn(Feed feed) {
        List<String> failures = new CopyOnWriteArrayList<>();
        EventFixtures.Recorder<MessageNew> second = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder()
                .errorListener((event, error) -> failures.add(event.meta().eventId() + ":" + error.getMessage()))
                .build()) {
            events.onMessageNew(m -> {
                if (m.message().text().equals("2")) {
                    throw new IllegalStateException("handler bug");
                }
            });
            events.onMessageNew(second);

            feed.deliver(events, List.of(chatMessage(1, 1, "t1"), chatMessage(1, 2, "t2"), chatMessage(1, 3, "t3")));

            assertThat(second.awaitCount(3)).extracting(m -> m.message().text()).containsExactly("1", "2", "3");
            EventFixtures.await("the stream idle", () -> events.pending() == 0);
        }
        assertThat(failures).containsExactly("t2:handler bug");
    }

    @Test
    void deliver_whenHandlerAndErrorListenerThrow_expectedDefaultsLogWithoutBodyAndStreamGoesOn() {
        EventFixtures.Recorder<MessageNew> after = new EventFixtures.Recorder<>();
        int before = CapturedLogs.lines().size();
        try (EventStream defaults = EventStream.builder().build();
             EventStream throwing = EventStream.builder().errorListener((e, t) -> {
                 throw new IllegalStateException("listener bug");
             }).build()) {
            for (EventStream events : List.of(defaults, throwing)) {
                events.onMessageNew(m -> {
                    throw new java.io.IOException("disk full");
                });
                events.onMessageNew(after);
                Feed.CALLBACK.deliver(events, List.of(chatMessage(5, 1, "x-" + events.hashCode()), chatMessage(5, 2, "y-" + events.hashCode())));
            }
            after.awaitCount(4);
        }
        List<String> logged = CapturedLogs.lines().subList(before, CapturedLogs.lines().size());
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("an event handler threw on EventMeta[type=message_new")
                .contains("java.io.IOException: disk full"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("the EventErrorListener threw java.lang.IllegalStateException"));
        assertThat(logged).noneSatisfy(l -> assertThat(l).contains("\"text\""));
    }

    @Test
    void dedupe_whenSameEventIdWithinAndAfterWindow_expectedOnceWithinAndAgainAfter() {
        EventFixtures.MovableClock clock = new EventFixtures.MovableClock();
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder().clock(clock).dedupeWindow(Duration.ofMinutes(10)).build()) {
            events.onMessageNew(got);
            CallbackReceiver receiver = EventFixtures.receiver(events);
            byte[] event = chatMessage(1, 1, "same");

            assertThat(receiver.handle(event, Map.of()).isOk()).isTrue();
            clock.advance(Duration.ofMinutes(9));
            assertThat(receiver.handle(event, Map.of("x-retry-counter", List.of("1"))).isOk()).isTrue();
            EventFixtures.await("the stream idle", () -> events.pending() == 0);
            assertThat(got.events()).hasSize(1);

            clock.advance(Duration.ofMinutes(2));
            assertThat(receiver.handle(event, Map.of()).isOk()).isTrue();
            assertThat(got.awaitCount(2)).hasSize(2);
        }
    }

    @Test
    void dedupe_whenMoreIdsThanCapacity_expectedOldestForgottenFirst() {
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder().dedupeCapacity(2).build()) {
            events.onMessageNew(got);
            Feed.CALLBACK.deliver(events, List.of(chatMessage(1, 1, "a"), chatMessage(1, 2, "b"), chatMessage(1, 3, "c"),
                    chatMessage(1, 3, "c"), chatMessage(1, 2, "b"), chatMessage(1, 1, "a")));

            EventFixtures.await("the stream idle", () -> events.pending() == 0 && got.size() >= 4);
            assertThat(got.events()).extracting(m -> m.meta().eventId()).containsExactly("a", "b", "c", "a");
        }
    }

    @Test
    void subscriptions_whenClosedOrTyped_expectedOnlyMatchingLiveHandlersCalled() {
        EventFixtures.Recorder<ChatActionEvent> actions = new EventFixtures.Recorder<>();
        EventFixtures.Recorder<ChatEvent> any = new EventFixtures.Recorder<>();
        EventFixtures.Recorder<MemberJoined> joined = new EventFixtures.Recorder<>();
        try (EventStream events = EventStream.builder().executor(Runnable::run).build()) {
            events.on(ChatActionEvent.class, actions);
            events.on(MemberJoined.class, joined);
            Subscription anySub = events.onAny(any);

            Feed.CALLBACK.deliverNamed(events, List.of("chat_invite_user", "message_new", "chat_title_update"));
            anySub.close();
            anySub.close();
            Feed.CALLBACK.deliverNamed(events, List.of("chat_kick_user"));

            assertThat(any.events()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("MemberJoined", "MessageNew", "ChatTitleUpdated");
            assertThat(actions.events()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("MemberJoined", "ChatTitleUpdated", "MemberLeft");
            assertThat(joined.events()).hasSize(1);
        }
    }

    @Test
    void close_whenEventsPending_expectedHandledBeforeReturnAndNewOnesRefused() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventFixtures.Recorder<MessageNew> got = new EventFixtures.Recorder<>();
        EventStream events = EventStream.builder().build();
        events.onMessageNew(m -> {
            started.countDown();
            release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            got.handle(m);
        });
        CallbackReceiver receiver = EventFixtures.receiver(events);
        Feed.CALLBACK.deliver(events, List.of(chatMessage(1, 1, "p1"), chatMessage(1, 2, "p2")));
        Thread closer = new Thread(events::close);

        try {
            assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            closer.start();
            EventFixtures.await("close to begin", events::isClosed);
            assertThat(receiver.handle(chatMessage(1, 3, "p3"), Map.of()).status()).isEqualTo(503);
            release.countDown();
            closer.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            release.countDown();
        }

        assertThat(closer.isAlive()).isFalse();
        assertThat(got.events()).extracting(m -> m.meta().eventId()).containsExactly("p1", "p2");
        assertThat(events.pending()).isZero();
    }

    @Test
    void deliver_whenExecutorRejects_expectedHandlersRunOnCallingThreadNothingLost() {
        ExecutorService dead = Executors.newSingleThreadExecutor();
        dead.shutdown();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (EventStream events = EventStream.builder().executor(dead).build()) {
            events.onMessageNew(m -> threads.add(Thread.currentThread().getName() + "#" + m.message().text()));

            Feed.CALLBACK.deliver(events, List.of(chatMessage(1, 1, "r1"), chatMessage(2, 1, "r2")));

            String caller = Thread.currentThread().getName();
            assertThat(threads).containsExactly(caller + "#1", caller + "#1");
            assertThat(CapturedLogs.lines()).anySatisfy(l -> assertThat(l).contains("the event executor rejected a task"));
        }
    }

    @Test
    void backpressure_whenLongPollOutrunsHandlers_expectedLoopWaitsAndStreamNeverHoldsMoreThanCapacity() {
        int capacity = 8;
        AtomicInteger maxPending = new AtomicInteger();
        List<Long> seqs = new CopyOnWriteArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            payloads.add(chatMessage(3, i, "bp-" + i));
        }
        try (EventStream events = EventStream.builder().capacity(capacity).build()) {
            events.onMessageNew(m -> {
                maxPending.accumulateAndGet(events.pending(), Math::max);
                seqs.add(m.message().ref().conversationMessageId().orElseThrow());
            });

            Feed.LONG_POLL.deliver(events, payloads);

            EventFixtures.await("all handled", () -> seqs.size() == 600);
        }
        assertThat(maxPending.get()).isBetween(1, capacity);
        assertThat(seqs).first().isEqualTo(1L);
        assertThat(seqs).last().isEqualTo(600L);
        assertThat(seqs).isSorted();
    }
}
