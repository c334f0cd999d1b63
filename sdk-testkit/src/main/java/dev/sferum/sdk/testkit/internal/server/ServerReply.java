package dev.sferum.sdk.testkit.internal.server;

import java.util.Map;

/** What a fake writes back to one request: each backend's reply type adds how to record it. */
public interface ServerReply {

    /** The HTTP status. */
    int status();

    /** The Content-Type header value. */
    String contentType();

    /** The body bytes. */
    byte[] body();

    /** Extra headers, such as Location. */
    default Map<String, String> headers() {
        return Map.of();
    }
}
