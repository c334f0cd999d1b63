package dev.sferum.sdk.core.internal;

import tools.jackson.databind.JsonNode;

/**
 * A successful VK answer: the {@code response} value and, for {@code execute}, the {@code execute_errors} array.
 *
 * @param response the {@code response} value
 * @param executeErrors the {@code execute_errors} array, or a missing node
 */
public record Answer(JsonNode response, JsonNode executeErrors) {
}
