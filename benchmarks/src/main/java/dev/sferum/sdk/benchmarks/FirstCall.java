package dev.sferum.sdk.benchmarks;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.ResultType;

import java.lang.management.ManagementFactory;

/**
 * Time from JVM start to the first successful {@code messages.send} with the SDK, run on a class path holding only
 * sdk-core's runtime closure (and this class). Prints {@code FIRST <ms since JVM start>}.
 */
public final class FirstCall {
    private FirstCall() {
    }

    /**
     * @param args the server's base URL
     */
    public static void main(String[] args) {
        ApiClient api = ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(args[0]).build())
                .token(AccessToken.community("vk1.a.first-call-token", 229000001L))
                .buildClient();
        Long id = api.call(ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("random_id", 1)
                .param("message", "Первый урок").build(), ResultType.of(Long.class));
        if (id == null || id <= 0) {
            throw new IllegalStateException("no message id");
        }
        System.out.println("FIRST " + ManagementFactory.getRuntimeMXBean().getUptime());
    }
}
