package dev.sferum.sdk.max.internal;

import tools.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * The page tokens of MAX's marker-paged listings (chats, members): {@code <listing>.<marker>}, where the marker is
 * the one MAX answered. Opaque to callers; checked when read.
 */
final class MarkerTokens {

    private MarkerTokens() {
    }

    /**
     * @param listing the listing's letter, such as {@code m} for members
     * @param token the token, or {@code null} for the first page
     * @return MAX's marker, or empty for the first page
     * @throws IllegalArgumentException if the token is not one of this listing's
     */
    static OptionalLong read(String listing, String token) {
        if (token == null) {
            return OptionalLong.empty();
        }
        String prefix = "x" + listing + ".";
        if (token.startsWith(prefix)) {
            try {
                return OptionalLong.of(Long.parseLong(token.substring(prefix.length())));
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new IllegalArgumentException("not a page token of this MAX listing: \"" + token + "\"; pass a token from the previous "
                + "page of the same listing");
    }

    /**
     * @param listing the listing's letter
     * @param marker MAX's {@code marker} from the answer
     * @return the next page's token, or {@code null} when MAX gave no marker (the last page)
     */
    static String next(String listing, JsonNode marker) {
        return marker.isIntegralNumber() ? "x" + listing + "." + marker.asLong() : null;
    }
}
