package dev.sferum.sdk.max;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sferum.sdk.chat.event.CallbackResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Serves a {@link MaxWebhookReceiver} on the JDK's built-in {@code com.sun.net.httpserver.HttpServer}, for applications
 * without an HTTP server of their own.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8443), 0);   // MAX posts to 80, 8080, 443, 8443, 16384-32383
 * server.createContext("/max/webhook", MaxWebhookHttpHandler.of(receiver));
 * server.start();   // put HTTPS with a trusted certificate in front: MAX posts only to such URLs
 * }</pre>
 *
 * <p>Only {@code POST} is served (405 otherwise); a declared {@code Content-Length} over the receiver's limit is refused
 * with 413 before the body is read; an unexpected failure answers 500, so MAX retries. With Java modules, this class
 * needs {@code requires jdk.httpserver;} in your module (the SDK requires it only statically). Thread-safe.
 *
 * @since 0.1.0
 */
public final class MaxWebhookHttpHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.events");

    private final MaxWebhookReceiver receiver;

    private MaxWebhookHttpHandler(MaxWebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /**
     * Makes a handler that serves a webhook receiver.
     *
     * @param receiver the receiver to serve
     * @return the handler
     */
    public static MaxWebhookHttpHandler of(MaxWebhookReceiver receiver) {
        return new MaxWebhookHttpHandler(Objects.requireNonNull(receiver, "receiver"));
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
            CallbackResponse response;
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                response = new CallbackResponse(405, "method not allowed");
            } else if (tooLarge(exchange.getRequestHeaders().getFirst("Content-Length"))) {
                response = new CallbackResponse(413, "body too large");
            } else {
                try {
                    response = receiver.handle(exchange.getRequestBody(), exchange.getRequestHeaders());
                } catch (IOException e) {
                    log.debug("MAX webhook body could not be read ({}); the client went away", e.getClass().getSimpleName());
                    return;
                } catch (RuntimeException e) {
                    log.warn("MAX webhook post failed unexpectedly ({}); answered 500 so MAX retries", e.getClass().getName(), e);
                    response = new CallbackResponse(500, "internal error");
                }
            }
            byte[] body = response.bodyBytes();
            exchange.getResponseHeaders().set("Content-Type", CallbackResponse.CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            exchange.close();
        }
    }

    private boolean tooLarge(String length) {
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > receiver.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
