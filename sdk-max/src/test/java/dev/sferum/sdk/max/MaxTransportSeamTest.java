package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MAX's calls and its long poll travel over the configured {@link Transport}, as VK's calls do. */
class MaxTransportSeamTest {
    private static final long CHAT = -70000000000005L;

    /** Answers MAX's {@code GET /chats/{id}} and {@code GET /updates} from its schema samples, recording each exchange. */
    static final class Recording implements Transport {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        final CountDownLatch polled = new CountDownLatch(2);

        @Override
        public Response send(Exchange e) throws InterruptedException {
            exchanges.add(e);
            String path = e.uri().getPath();
            if (path.equals("/updates")) {
                polled.countDown();
                Thread.sleep(50);
                return json("{\"updates\":[],\"marker\":7}");
            }
            return json(MaxWireTest.stab("chats/get-chat-by-id.json"));
        }

        @Override
        public CompletableFuture<Response> sendAsync(Exchange e) {
            try {
                return CompletableFuture.completedFuture(send(e));
            } catch (InterruptedException x) {
                return CompletableFuture.failedFuture(x);
            }
        }

        private static Response json(String body) {
            return new Response(200, body.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"));
        }
    }

    private static ClientConfig config(Transport t) {
        return MaxChats.defaultConfig().toBuilder().transport(t).rateLimits(RateLimits.unlimited()).build();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chatCall_whenATransportIsConfigured_travelsOverItWithTheBareBotToken(Mode mode) {
        Recording transport = new Recording();
        ChatClient chats = mode.max(MaxChats.builder().token(MaxBotToken.of(Canary.MAX_TOKEN)).config(config(transport)));

        chats.chat(PeerId.chat(CHAT));

        assertThat(transport.exchanges).hasSize(1);
        Transport.Exchange e = transport.exchanges.get(0);
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.uri()).hasToString(MaxChats.DEFAULT_BASE_URL + "/chats/" + CHAT);
        assertThat(e.authorization().reveal()).as("MAX takes the bare token, no Bearer").isEqualTo(Canary.MAX_TOKEN);
        assertThat(e.headers()).containsEntry("Accept", "application/json");
        assertThat(e.toString()).doesNotContain(Canary.MAX_TOKEN);
    }

    @Test
    void longPoll_whenATransportIsConfigured_pollsOverIt() throws Exception {
        Recording transport = new Recording();
        try (EventStream events = EventStream.builder().build()) {
            MaxLongPollSource poll = MaxLongPollSource.builder().token(MaxBotToken.of(Canary.MAX_TOKEN)).config(config(transport))
                    .botId(1).waitSeconds(1).build(events);
            poll.start();
            try {
                assertThat(transport.polled.await(10, TimeUnit.SECONDS)).as("the source polled twice over the transport").isTrue();
            } finally {
                poll.close();
            }
        }

        Transport.Exchange first = transport.exchanges.get(0);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.uri().getHost()).isEqualTo("platform-api2.max.ru");
        assertThat(first.uri().getPath()).isEqualTo("/updates");
        assertThat(first.authorization().reveal()).isEqualTo(Canary.MAX_TOKEN);
        assertThat(transport.exchanges.get(1).uri().getQuery()).as("the second poll resumes from the marker").contains("marker=7");
    }
}
