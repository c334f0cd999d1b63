package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A minimal VK client for the fake's own tests: form POSTs over the JDK HttpClient, as a real client sends. */
final class VkHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    VkHttp(URI base) {
        this.base = base;
    }

    VkHttp(FakeVk fake) {
        this(fake.baseUri());
    }

    /** Calls a VK method with a Bearer token and v=5.199; returns the whole body (response or error). */
    JsonNode call(FakeToken token, String method, String... keyValues) {
        return call(token == null ? null : token.value(), method, keyValues);
    }

    JsonNode call(String token, String method, String... keyValues) {
        List<String> params = new ArrayList<>(List.of(keyValues));
        params.add("v");
        params.add("5.199");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("method/" + method))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params.toArray(String[]::new))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return json(send(request.build()));
    }

    /** The {@code response} of a successful call; fails the test on an error envelope. */
    JsonNode ok(FakeToken token, String method, String... keyValues) {
        return ok(token.value(), method, keyValues);
    }

    JsonNode ok(String token, String method, String... keyValues) {
        JsonNode body = call(token, method, keyValues);
        assertThat(body.has("error")).as("%s answered %s", method, body).isFalse();
        return body.get("response");
    }

    /** The error_code of a failed call; fails the test on success. */
    int errorCode(FakeToken token, String method, String... keyValues) {
        JsonNode body = call(token, method, keyValues);
        assertThat(body.has("error")).as("%s answered %s", method, body).isTrue();
        return body.get("error").get("error_code").asInt();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and returns the exception the client got (for dropped connections), or fails. */
    IOException sendExpectingIoFailure(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("expected the connection to fail, got HTTP " + response.statusCode() + ": "
                    + response.body());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest post(String path, String... keyValues) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(keyValues)))
                .build();
    }

    HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(120)).GET().build();
    }

    static String form(String... keyValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(keyValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(keyValues[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
