package dev.sferum.sdk.core.internal;

import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.core.testing.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bodies of 50 MB, with and without a declared length, fail typed instead of exhausting memory. */
class LimitsTest {
    private static final int FIFTY_MB = 50 * 1024 * 1024;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        server.createContext("/method/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean declared = exchange.getRequestURI().getPath().endsWith("declared");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, declared ? FIFTY_MB : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"response\":\"".getBytes(StandardCharsets.US_ASCII));
                for (int sent = 13; sent + chunk.length <= FIFTY_MB - 2; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (java.io.IOException clientWentAway) {
                // expected: the client stops reading at its limit
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_when50MbChunkedBody_failsBodyTooLarge(Mode mode) {
        assertTooLarge(mode, "users.chunked");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_when50MbDeclaredBody_failsBodyTooLarge(Mode mode) {
        assertTooLarge(mode, "users.declared");
    }

    private static void assertTooLarge(Mode mode, String method) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(
                ApiClient.builder().config(ClientConfig.builder().baseUrl(base).build()).token(Canary.service()),
                ApiRequest.builder(method).build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.BODY_TOO_LARGE);
        assertThat(e.getMessage()).contains(String.valueOf(ClientConfig.DEFAULT_MAX_RESPONSE_BYTES)).contains("maxResponseBytes");
    }
}
