package dev.sferum.sdk.vk.internal;

/**
 * The VK backend's page tokens: {@code <listing>.<offset>[.<mark>]}, where the mark is the conversation message id
 * already passed (history). Opaque to callers; checked when read.
 *
 * @param offset where the page starts
 * @param mark the cmid boundary already passed, or 0
 */
public record PageTokens(long offset, long mark) {

    /**
     * @param listing the listing's letter, such as {@code m} for members
     * @param token the token, or {@code null} for the first page
     * @return the position
     * @throws IllegalArgumentException if the token is not one of this listing's
     */
    public static PageTokens read(String listing, String token) {
        if (token == null) {
            return new PageTokens(0, 0);
        }
        String[] p = token.split("\\.", -1);
        try {
            if ((p.length == 2 || p.length == 3) && p[0].equals(listing)) {
                long offset = Long.parseLong(p[1]);
                long mark = p.length == 3 ? Long.parseLong(p[2]) : 0;
                if (offset >= 0 && mark >= 0) {
                    return new PageTokens(offset, mark);
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("not a page token of this listing: \"" + token + "\"; pass a token from the previous "
                + "page of the same listing");
    }

    /**
     * @param listing the listing's letter
     * @param offset where the next page starts
     * @param mark the boundary passed, or 0
     * @return the token
     */
    public static String write(String listing, long offset, long mark) {
        return mark > 0 ? listing + "." + offset + "." + mark : listing + "." + offset;
    }
}
