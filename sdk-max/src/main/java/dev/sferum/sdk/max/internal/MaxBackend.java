package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.internal.CallPipeline;
import dev.sferum.sdk.core.internal.Credentials;
import dev.sferum.sdk.core.internal.HttpTransport;
import dev.sferum.sdk.max.MaxBotToken;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One bot on MAX: sdk-core's {@link CallPipeline} over the {@link MaxWire}, on one {@link ClientConfig}'s
 * transport. What the chat client, the long poll and the webhook helpers call through.
 */
public final class MaxBackend {
    private final CallPipeline<MaxRequest, MaxBotToken> pipeline;
    private final MaxWire wire;
    private final MaxBotToken token;

    /**
     * @param config the configuration (its base URL is MAX's)
     * @param apiVersion the Bot API version sent as {@code v}, or {@code null}
     * @param token the bot token
     */
    public MaxBackend(ClientConfig config, String apiVersion, MaxBotToken token) {
        this.token = token;
        this.wire = new MaxWire(config, apiVersion, token);
        this.pipeline = new CallPipeline<>(config, wire, Credentials.fixed(token), new HttpTransport(config));
    }

    /**
     * Checks that a configuration can reach MAX: its base URL is not one of VK's hosts.
     *
     * @param config the configuration
     * @return the configuration
     * @throws IllegalArgumentException if the base URL names a VK host
     */
    public static ClientConfig checked(ClientConfig config) {
        String host = config.baseUri().getHost().toLowerCase(java.util.Locale.ROOT);
        for (String vk : java.util.List.of("vk.com", "vk.ru", "vk.me", "vkontakte.ru", "userapi.com")) {
            if (host.equals(vk) || host.endsWith("." + vk)) {
                throw new IllegalArgumentException(host + " is the VK API, not MAX: the MAX backend talks to MAX's Bot API ("
                        + "https://platform-api2.max.ru); start from MaxChats.defaultConfig(), and for VK use the VK backend (VkChats)");
            }
        }
        return config;
    }

    /**
     * @param version the Bot API version, or {@code null}
     * @return the version
     * @throws IllegalArgumentException if not three dot-separated numbers
     */
    public static String checkedVersion(String version) {
        if (version != null && !version.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("apiVersion must look like 0.0.30: \"" + version + "\"");
        }
        return version;
    }

    /** {@return the configuration} */
    public ClientConfig config() {
        return pipeline.config();
    }

    /** {@return the calls per second the bot's budget allows} */
    public int requestsPerSecond() {
        return pipeline.config().rateLimits().perSecond(TokenKind.BOT);
    }

    /** {@return the bot token's fingerprint} */
    public String fingerprint() {
        return token.fingerprint();
    }

    /**
     * Makes a call on the calling thread.
     *
     * @param request the call
     * @param decode turns the 200 body into the result
     * @param <T> the result
     * @return the result
     */
    public <T> T execute(MaxRequest request, Function<JsonNode, T> decode) {
        return pipeline.execute(wire.spec(request), wire.decoder(request, decode));
    }

    /**
     * Makes a call without blocking a thread.
     *
     * @param request the call
     * @param decode turns the 200 body into the result
     * @param <T> the result
     * @return the result; cancelling it aborts the exchange and returns any held permit
     */
    public <T> CompletableFuture<T> executeAsync(MaxRequest request, Function<JsonNode, T> decode) {
        return pipeline.executeAsync(wire.spec(request), wire.decoder(request, decode));
    }

    @Override
    public String toString() {
        return "MaxBackend[" + pipeline.config().baseUri() + ", bot " + token.fingerprint() + "]";
    }
}
