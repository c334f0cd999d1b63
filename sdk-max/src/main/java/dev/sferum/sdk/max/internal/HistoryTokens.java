package dev.sferum.sdk.max.internal;

/**
 * The page tokens of a MAX chat's history: {@code xh.<from>.<seq>} — the next page asks for messages up to
 * {@code from} (ms) and skips those of that millisecond whose {@code seq} is not below {@code seq}, which the page
 * before returned. Opaque to callers; checked when read.
 *
 * @param from the newest timestamp of the next page, ms
 * @param seq the smallest {@code seq} already returned at {@code from}
 */
record HistoryTokens(long from, long seq) {

    /**
     * @param token the token, or {@code null} for the first page
     * @return the position, or {@code null} for the first page
     * @throws IllegalArgumentException if the token is not a history token
     */
    static HistoryTokens read(String token) {
        if (token == null) {
            return null;
        }
        String[] p = token.split("\\.", -1);
        try {
            if (p.length == 3 && p[0].equals("xh")) {
                long from = Long.parseLong(p[1]);
                long seq = Long.parseLong(p[2]);
                if (from >= 0) {
                    return new HistoryTokens(from, seq);
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("not a page token of a MAX history: \"" + token + "\"; pass a token from the previous page "
                + "of the same listing");
    }

    /**
     * @param from the newest timestamp of the next page
     * @param seq the smallest seq already returned at it
     * @return the token
     */
    static String write(long from, long seq) {
        return "xh." + from + "." + seq;
    }
}
