package dev.sferum.sdk.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer: recorded (from {@code contract/...json}) or received.
 *
 * @param status the HTTP status
 * @param body   the JSON body
 */
record Answer(int status, JsonNode body) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Loads a recorded answer, e.g. {@code contract/calls/01-start.json}. */
    static Answer recorded(String resource) {
        try (InputStream in = Answer.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing recorded answer " + resource);
            }
            JsonNode file = JSON.readTree(in);
            return new Answer(file.get("status").asInt(), file.get("body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
