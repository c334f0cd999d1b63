package dev.sferum.sdk.vk.event;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.internal.Json;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * VK's Bots Long Poll wire format on WireMock, for what the testkit fake does not script: arbitrary update payloads
 * (every event shape), and answers with a chosen delay.
 */
final class WireLongPoll implements AutoCloseable {
    static final String KEY = Canary.register("CANARYlongPollKEYq1w2e3r4");
    final WireMockServer wm = new WireMockServer(wireMockConfig().dynamicPort());

    WireLongPoll() {
        wm.start();
    }

    String server() {
        return "http://127.0.0.1:" + wm.port() + "/whp/" + EventFixtures.GROUP_ID;
    }

    /** {@code groups.getLongPollServer} answers with this server, {@link #KEY} and {@code ts}. */
    WireLongPoll serverAt(String ts) {
        wm.stubFor(post(urlPathEqualTo("/method/groups.getLongPollServer")).willReturn(okJson(
                "{\"response\":{\"server\":\"" + server() + "\",\"key\":\"" + KEY + "\",\"ts\":\"" + ts + "\"}}")));
        return this;
    }

    /** A poll from {@code ts} answers {@code body} at once. */
    WireLongPoll answer(String ts, String body) {
        wm.stubFor(poll(ts).willReturn(okJson(body)));
        return this;
    }

    /** A poll from {@code ts} answers no updates after a short pause (so an idle loop does not spin). */
    WireLongPoll idle(String ts) {
        wm.stubFor(poll(ts).willReturn(okJson("{\"ts\":\"" + ts + "\",\"updates\":[]}").withFixedDelay(50)));
        return this;
    }

    /** A poll from {@code ts} answers after {@code millis}. */
    WireLongPoll slow(String ts, int millis) {
        wm.stubFor(poll(ts).willReturn(aResponse().withStatus(200).withBody("{\"ts\":\"" + ts + "\",\"updates\":[]}").withFixedDelay(millis)));
        return this;
    }

    private static MappingBuilder poll(String ts) {
        return get(urlPathEqualTo("/whp/" + EventFixtures.GROUP_ID)).withQueryParam("act", equalTo("a_check"))
                .withQueryParam("key", equalTo(KEY)).withQueryParam("ts", equalTo(ts));
    }

    ApiClient api() {
        return ApiClient.builder()
                .config(ClientConfig.builder().baseUrl("http://127.0.0.1:" + wm.port()).rateLimits(RateLimits.unlimited())
                        .timeSource(new FakeTimeSource()).build())
                .token(AccessToken.community(Canary.COMMUNITY_TOKEN, EventFixtures.GROUP_ID))
                .buildClient();
    }

    /** @param names payload files @return a long-poll answer carrying them (without their Callback {@code secret}) */
    static String updates(String ts, java.util.List<String> names) {
        StringBuilder b = new StringBuilder("{\"ts\":\"").append(ts).append("\",\"updates\":[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            ObjectNode update = (ObjectNode) Json.mapper().readTree(EventFixtures.payload(names.get(i)));
            update.remove("secret");
            b.append(Json.write(update));
        }
        return b.append("]}").toString();
    }

    @Override
    public void close() {
        wm.stop();
    }
}
