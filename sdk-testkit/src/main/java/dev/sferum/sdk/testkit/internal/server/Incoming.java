package dev.sferum.sdk.testkit.internal.server;

import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;

/**
 * One received HTTP request, read fully, as every fake sees it before its own parsing.
 *
 * @param sequence      order of arrival, from 1
 * @param time          arrival time by the fake clock
 * @param httpMethod    GET, POST, ... upper case
 * @param path          the decoded path
 * @param rawPath       the path as sent
 * @param rawQuery      the query string as sent, or null
 * @param body          the body bytes (at most {@link FakeServer#MAX_BODY})
 * @param contentType   the Content-Type header, or null
 * @param authorization the Authorization header, or null
 * @param exchange      the exchange to answer on; only the server touches it
 */
public record Incoming(long sequence, Instant time, String httpMethod, String path, String rawPath, String rawQuery,
        byte[] body, String contentType, String authorization, HttpExchange exchange) {
}
