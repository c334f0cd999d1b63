package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.event.*;

import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Transport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Bots Long Poll travels over the API client's {@link Transport}, as the API calls do. */
class LongPollTransportSeamTest {
    private static final String KEY = "CANARYlongPOLLkey9f8e7d6c5b4a";

    /** Answers {@code groups.getLongPollServer} and the long-poll server, recording each exchange. */
    static final class Recording implements Transport {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        final CountDownLatch polled = new CountDownLatch(2);

        @Override
        public Response send(Exchange e) {
            exchanges.add(e);
            if (e.uri().getHost().equals("lp.vk.com")) {
                polled.countDown();
                return json("{\"ts\":\"" + (exchanges.size() + 10) + "\",\"updates\":[]}");
            }
            return json("{\"response\":{\"server\":\"https://lp.vk.com/wh123456\",\"key\":\"" + KEY + "\",\"ts\":\"10\"}}");
        }

        @Override
        public CompletableFuture<Response> sendAsync(Exchange e) {
            Response r = send(e);
            // Like a held long poll: the answer comes a little later, off the caller's thread.
            return CompletableFuture.supplyAsync(() -> r, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        }

        private static Response json(String body) {
            return new Response(200, body.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"));
        }
    }

    @Test
    void longPoll_whenTheApiClientHasATransport_pollsOverItWithoutTheToken() throws Exception {
        Recording transport = new Recording();
        ApiClient api = ApiClient.builder().config(ClientConfig.builder().transport(transport).rateLimits(RateLimits.unlimited()).build())
                .token(Canary.community()).buildClient();
        try (EventStream events = EventStream.builder().build()) {
            LongPollSource poll = LongPollSource.builder().api(api).groupId(Canary.GROUP_ID).waitSeconds(1).build(events);
            poll.start();
            try {
                assertThat(transport.polled.await(10, TimeUnit.SECONDS)).as("the source polled twice over the transport").isTrue();
            } finally {
                poll.close();
            }
        }

        assertThat(transport.exchanges.get(0).uri().getPath()).isEqualTo("/method/groups.getLongPollServer");
        Transport.Exchange poll = transport.exchanges.get(1);
        assertThat(poll.method()).isEqualTo("GET");
        assertThat(poll.uri().getHost()).isEqualTo("lp.vk.com");
        assertThat(poll.uri().getQuery()).contains("act=a_check").contains("key=" + KEY).contains("ts=10");
        assertThat(poll.authorization()).as("the long-poll server gets the key, never the token").isNull();
        assertThat(poll.toString()).doesNotContain(KEY);
    }
}
