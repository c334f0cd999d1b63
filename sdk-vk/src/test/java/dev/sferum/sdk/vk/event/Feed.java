package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.event.CallbackResponse;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.vk.event.LongPollSource;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The two ways events reach a stream; tests that hold for both run through each. */
enum Feed {
    /** VK posts each event to the receiver, one at a time, and sends it again while the answer is not {@code ok}. */
    CALLBACK {
        @Override
        void deliver(EventStream stream, List<byte[]> payloads) {
            CallbackReceiver receiver = EventFixtures.receiver(stream);
            for (byte[] payload : payloads) {
                CallbackResponse r = receiver.handle(payload, EventFixtures.noHeaders());
                while (r.status() == 503) {
                    LockSupport.parkNanos(100_000L);
                    r = receiver.handle(payload, java.util.Map.of("X-Retry-Counter", List.of("1")));
                }
                assertThat(r).isEqualTo(new CallbackResponse(200, "ok"));
            }
        }
    },
    /** The SDK polls a Bots Long Poll server (WireMock) that hands the events out in batches of up to 500. */
    LONG_POLL {
        @Override
        void deliver(EventStream stream, List<byte[]> payloads) {
            try (WireLongPoll vk = new WireLongPoll().serverAt("1")) {
                int ts = 1;
                for (int from = 0; from < payloads.size(); from += BATCH) {
                    StringBuilder b = new StringBuilder("{\"ts\":\"").append(ts + 1).append("\",\"updates\":[");
                    for (int i = from; i < Math.min(payloads.size(), from + BATCH); i++) {
                        ObjectNode update = (ObjectNode) Json.read(payloads.get(i));
                        update.remove("secret");
                        b.append(i > from ? "," : "").append(Json.write(update));
                    }
                    vk.answer(String.valueOf(ts), b.append("]}").toString());
                    ts++;
                }
                vk.idle(String.valueOf(ts));
                String last = String.valueOf(ts);
                LongPollSource poll = LongPollSource.builder().api(vk.api()).groupId(EventFixtures.GROUP_ID).build(stream);
                poll.start();
                EventFixtures.await("every batch handed off", () -> poll.ts().filter(last::equals).isPresent());
                poll.close();
            }
        }
    };

    private static final int BATCH = 500;

    /** Delivers the payloads (Callback API JSON with {@code secret}) in order; returns once all were accepted. */
    abstract void deliver(EventStream stream, List<byte[]> payloads);

    void deliverNamed(EventStream stream, List<String> names) {
        deliver(stream, names.stream().map(EventFixtures::payload).toList());
    }
}
