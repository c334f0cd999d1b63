package dev.sferum.sdk.vk.event.internal;

/** Makes text from a request fit for a log line: only a short run of id-like characters, nothing that forges lines. */
final class LogSafe {
    private static final int MAX = 64;

    private LogSafe() {
    }

    /**
     * @param s text from outside (an event type, an {@code event_id}); may be null
     * @return at most 64 characters of {@code [A-Za-z0-9_.:-]}, others as {@code ?}
     */
    static String token(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 1));
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
            b.append(ok ? c : '?');
        }
        if (s.length() > MAX) {
            b.append('…');
        }
        return b.toString();
    }
}
