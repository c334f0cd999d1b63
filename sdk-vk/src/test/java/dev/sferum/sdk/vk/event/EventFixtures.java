package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventHandler;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.vk.testing.Canary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Shared fixtures of the event tests: canary secrets, payload files, a recording handler, movable time. */
final class EventFixtures {
    static final long GROUP_ID = 123456;
    /** The callback secret in the payload files; a canary: it must never reach a log line. */
    static final String SECRET = Canary.register("CANARYcallbackSECRETz9Xw3");
    static final String CONFIRMATION = Canary.register("CANARYconfirm7f3a9c");
    /** How long a test waits for something asynchronous before failing; never a measured duration. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Every payload file in resources, by name. */
    static final List<String> PAYLOADS = List.of("message_new", "message_new_dialog", "message_new_legacy", "chat_create",
            "chat_invite_user", "chat_invite_community", "chat_invite_user_by_link", "chat_invite_user_by_message_request",
            "chat_kick_user", "chat_leave", "chat_title_update", "chat_photo_update", "chat_photo_remove", "chat_pin_message",
            "chat_unpin_message", "chat_screenshot", "message_reply", "message_edit", "message_event_object",
            "message_event_string", "message_allow", "message_deny", "group_join", "group_join_unknown_type", "group_leave",
            "message_typing_state", "wall_post_new", "message_new_broken");

    private EventFixtures() {
    }

    static byte[] payload(String name) {
        try (InputStream in = EventFixtures.class.getResourceAsStream("payloads/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no payload " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code message_new} in chat {@code chatId} whose cmid is {@code seq} and text its decimal form.
     *
     * @return Callback API JSON with the canary secret
     */
    static byte[] chatMessage(long chatId, long seq, String eventId) {
        return ("{\"type\":\"message_new\",\"event_id\":\"" + eventId + "\",\"v\":\"5.199\",\"group_id\":" + GROUP_ID
                + ",\"secret\":\"" + SECRET + "\",\"object\":{\"message\":{\"id\":0,\"date\":1735689600,\"peer_id\":"
                + (2_000_000_000L + chatId) + ",\"from_id\":" + (1000 + chatId) + ",\"text\":\"" + seq
                + "\",\"conversation_message_id\":" + seq + ",\"out\":0,\"version\":1}},\"client_info\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String payloadText(String name) {
        return new String(payload(name), StandardCharsets.UTF_8);
    }

    static CallbackReceiver receiver(EventStream stream) {
        return CallbackReceiver.builder().groupId(GROUP_ID).confirmation(Secret.of(CONFIRMATION)).secret(Secret.of(SECRET)).build(stream);
    }

    static Map<String, List<String>> noHeaders() {
        return Map.of();
    }

    /** Waits, by polling with a bounded patience, until the condition holds; fails the test otherwise. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            // A short park between checks: bounded polling that leaves the CPU to the threads under test.
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** A handler that keeps what it gets, in order. */
    static final class Recorder<E extends ChatEvent> implements EventHandler<E> {
        private final List<E> events = new CopyOnWriteArrayList<>();

        @Override
        public void handle(E event) {
            events.add(event);
        }

        List<E> events() {
            return new ArrayList<>(events);
        }

        int size() {
            return events.size();
        }

        List<E> awaitCount(int n) {
            await(n + " events", () -> events.size() >= n);
            return events();
        }
    }

    /** A wall clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2025-09-01T08:00:00Z").toEpochMilli());

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    /** Virtual time that records every back-off wait and returns at once. */
    static final class RecordingTime implements TimeSource {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        private final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            record(d);
        }

        @Override
        public CompletableFuture<Void> delay(Duration d) {
            record(d);
            return CompletableFuture.completedFuture(null);
        }

        private void record(Duration d) {
            if (!d.isNegative() && !d.isZero()) {
                waits.add(d);
                nanos.addAndGet(d.toNanos());
            }
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }
    }
}
