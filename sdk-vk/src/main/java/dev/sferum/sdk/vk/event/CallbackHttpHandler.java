package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.event.CallbackResponse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link CallbackReceiver} on the JDK's built-in {@code com.sun.net.httpserver.HttpServer}, for
 * applications without an HTTP server of their own.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * server.createContext("/vk/callback", CallbackHttpHandler.of(receiver));
 * server.setExecutor(Executors.newFixedThreadPool(4));
 * server.start();   // put HTTPS in front (a reverse proxy): VK posts only to https:// URLs
 * }</pre>
 *
 * <p>Only {@code POST} is served (405 otherwise). A {@code Content-Length} over the receiver's limit is refused
 * with 413 before the body is read. An unexpected failure answers 500, so VK retries. With Java modules, this
 * class needs {@code requires jdk.httpserver;} in your module (the SDK requires it only statically).
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class CallbackHttpHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(CallbackHttpHandler.class);

    private final CallbackReceiver receiver;

    private CallbackHttpHandler(CallbackReceiver receiver) {
        this.receiver = receiver;
    }

    /**
     * Makes a handler that serves a Callback API receiver.
     *
     * @param receiver the receiver to serve
     * @return the handler
     */
    public static CallbackHttpHandler of(CallbackReceiver receiver) {
        return new CallbackHttpHandler(Objects.requireNonNull(receiver, "receiver"));
    }

    /**
     * Answers one request.
     *
     * @param exchange the exchange
     * @throws IOException if writing the answer fails
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, new CallbackResponse(405, "method not allowed"));
                return;
            }
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && declaredTooLarge(length)) {
                log.warn("callback request rejected with 413: Content-Length {} is over the {} bytes allowed", length.trim(),
                        receiver.maxBodyBytes());
                send(exchange, new CallbackResponse(413, "body too large"));
                return;
            }
            CallbackResponse response;
            try {
                response = receiver.handle(exchange.getRequestBody(), exchange.getRequestHeaders());
            } catch (IOException e) {
                log.debug("callback request body could not be read ({}); the client went away", e.getClass().getSimpleName());
                return;
            } catch (RuntimeException e) {
                log.warn("callback request failed unexpectedly ({}); answered 500 so VK retries", e.getClass().getName(), e);
                response = new CallbackResponse(500, "internal error");
            }
            send(exchange, response);
        } finally {
            exchange.close();
        }
    }

    private boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > receiver.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void send(HttpExchange exchange, CallbackResponse response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CallbackResponse.CONTENT_TYPE);
        if (response.status() == 413) {
            // The rest of the oversized body is never read, so this connection cannot carry another request: say so,
            // or the client reuses it and its next request meets a closed socket.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public String toString() {
        return "CallbackHttpHandler[" + receiver + "]";
    }
}
