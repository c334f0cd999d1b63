package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.TokenKind;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One immutable table of VK methods the SDK knows: which token kinds each accepts and whether it is a read.
 * Sources: the VK API schema ({@code access_token_type}) and the reference notes. Unknown methods accept every
 * kind and are treated as writes.
 */
public final class MethodTable {
    /** Every kind of VK token; a MAX bot token calls no VK method. */
    private static final Set<TokenKind> ALL = EnumSet.of(TokenKind.USER, TokenKind.COMMUNITY, TokenKind.SERVICE);
    private static final Set<TokenKind> USER = EnumSet.of(TokenKind.USER);
    private static final Set<TokenKind> COMMUNITY = EnumSet.of(TokenKind.COMMUNITY);
    private static final Set<TokenKind> USER_OR_COMMUNITY = EnumSet.of(TokenKind.USER, TokenKind.COMMUNITY);

    private record Entry(Set<TokenKind> kinds, boolean read) {
    }

    private static final Map<String, Entry> TABLE;

    static {
        Map<String, Entry> t = new HashMap<>();
        for (String m : new String[]{"messages.createChat", "messages.removeChatUser", "messages.editChat", "messages.edit",
                "messages.delete", "messages.pin", "messages.unpin", "messages.markAsRead", "messages.setChatPhoto",
                "messages.deleteChatPhoto"}) {
            t.put(m, new Entry(USER_OR_COMMUNITY, false));
        }
        for (String m : new String[]{"messages.getConversationsById", "messages.getConversationMembers", "messages.getHistory",
                "messages.getConversations", "messages.getByConversationMessageId", "messages.getById"}) {
            t.put(m, new Entry(USER_OR_COMMUNITY, true));
        }
        // getInviteLink with reset=1 revokes the old link, so it is not a pure read; see isIdempotent.
        t.put("messages.getInviteLink", new Entry(USER_OR_COMMUNITY, true));
        t.put("messages.send", new Entry(USER_OR_COMMUNITY, false));
        t.put("messages.addChatUser", new Entry(USER, false));
        t.put("messages.addChatUsers", new Entry(USER, false));
        t.put("messages.joinChatByInviteLink", new Entry(USER, false));
        t.put("messages.getChat", new Entry(USER, true));
        t.put("messages.getChatPreview", new Entry(USER, true));
        t.put("messages.sendMessageEventAnswer", new Entry(COMMUNITY, false));
        t.put("calls.start", new Entry(USER, false));
        t.put("calls.forceFinish", new Entry(USER, false));
        t.put("groups.getLongPollServer", new Entry(USER_OR_COMMUNITY, true));
        t.put("groups.getCallbackConfirmationCode", new Entry(USER_OR_COMMUNITY, true));
        t.put("groups.getById", new Entry(ALL, true));
        t.put("users.get", new Entry(ALL, true));
        // schema execute/methods.json: access_token_type user and group; a service token cannot call it
        t.put("execute", new Entry(USER_OR_COMMUNITY, false));
        TABLE = Map.copyOf(t);
    }

    private MethodTable() {
    }

    /**
     * @param method a method name
     * @return the token kinds it accepts
     */
    public static Set<TokenKind> tokenKinds(String method) {
        Entry e = TABLE.get(method);
        return e == null ? ALL : e.kinds();
    }

    /**
     * Whether repeating the call cannot do its action twice.
     *
     * @param method the method
     * @param params its wire parameters
     * @return true for reads, and for {@code messages.send} with a non-zero {@code random_id}
     */
    public static boolean isIdempotent(String method, Map<String, String> params) {
        if ("messages.send".equals(method)) {
            String id = params.get("random_id");
            return id != null && !"0".equals(id);
        }
        if ("messages.getInviteLink".equals(method)) {
            return !"1".equals(params.get("reset"));
        }
        Entry e = TABLE.get(method);
        if (e != null) {
            return e.read();
        }
        int dot = method.indexOf('.');
        return dot > 0 && method.startsWith("get", dot + 1);
    }

    /**
     * Checks a method name: {@code section.method} or {@code execute}, ASCII letters, digits and underscores.
     *
     * @param method the name
     * @return the name
     * @throws IllegalArgumentException if it is not a method name
     */
    public static String checkName(String method) {
        if (method == null) {
            throw new NullPointerException("method");
        }
        int dots = 0;
        boolean ok = !method.isEmpty() && isLetter(method.charAt(0));
        for (int i = 0; ok && i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '.') {
                dots++;
                ok = i + 1 < method.length() && isLetter(method.charAt(i + 1));
            } else {
                ok = isLetter(c) || (c >= '0' && c <= '9') || c == '_';
            }
        }
        if (!ok || dots > 1 || method.length() > 100) {
            throw new IllegalArgumentException("not a VK method name: \"" + method + "\"; expected section.method, like messages.send");
        }
        return method;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
