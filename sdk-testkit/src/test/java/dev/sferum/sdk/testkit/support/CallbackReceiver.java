package dev.sferum.sdk.testkit.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Callback API receiver for tests: records every request and answers the confirmation with a code and events
 * with scripted answers (then "ok").
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    public record Received(JsonNode body, String retryCounter) {
        public String type() {
            return body.get("type").asString();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ArrayDeque<String> scripted = new ArrayDeque<>();
    private volatile Supplier<String> confirmation = () -> "";

    public CallbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/vk", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/vk");
    }

    /** What to answer the confirmation request with. */
    public CallbackReceiver confirmWith(Supplier<String> code) {
        this.confirmation = code;
        return this;
    }

    /** The next event answers, in order; "ok" after they run out. "500" answers HTTP 500. */
    public synchronized CallbackReceiver answerEvents(String... answers) {
        scripted.addAll(List.of(answers));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> events() {
        return received.stream().filter(r -> !r.type().equals("confirmation")).toList();
    }

    public void awaitEvents(int count) {
        Await.until(count + " events received", () -> events().size() >= count);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Retry-Counter")));
        String answer;
        if (body.get("type").asString().equals("confirmation")) {
            answer = confirmation.get();
        } else {
            synchronized (this) {
                answer = scripted.isEmpty() ? "ok" : scripted.pollFirst();
            }
        }
        int status = answer.equals("500") ? 500 : 200;
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static Duration patience() {
        return Duration.ofSeconds(15);
    }
}
