package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.AlreadyInvitedException;
import dev.sferum.sdk.chat.ChatAccessException;
import dev.sferum.sdk.chat.ChatApiException;
import dev.sferum.sdk.chat.ChatLimitException;
import dev.sferum.sdk.chat.ChatNotFoundException;
import dev.sferum.sdk.chat.ChatUnsupportedException;
import dev.sferum.sdk.chat.MessagesNotAllowedException;
import dev.sferum.sdk.chat.NotChatAdminException;
import dev.sferum.sdk.chat.NotChatMemberException;
import dev.sferum.sdk.chat.SchoolRosterException;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.internal.VkErrors;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * VK's chat and message error codes — the only place the SDK knows them (sdk-core knows VK's global codes only) —
 * with a category and remedy for each, and the chat exception type where one fits. Source: the VK API schema's
 * {@code errors.json} and {@code messages/methods.json} (5.199), and the reference notes for the Sferum codes the
 * schema lacks (967, 982, 1019, from VK's method pages). The decisions are listed in sdk-chat's README.
 */
public final class ChatErrors {
    private static final String INVITE_LINK = "send the user the chat's invite link through another channel (the school journal), "
            + "or have them write to the community first";

    /**
     * The codes {@code messages.getChat} may answer for one chat of a batch (the schema's list: 925, 945, 946, 1012)
     * plus 927, which VK answers for a chat id the account does not have: a batch failing with one of them is asked
     * again one chat at a time.
     */
    public static final Set<Integer> GET_CHAT_PER_CHAT = Set.of(925, 927, 945, 946, 1012);

    private record Kind(ErrorCategory category, String remedy, BiFunction<ApiException, String, ApiException> type) {
    }

    private static final Map<Integer, Kind> CODES;

    static {
        Map<Integer, Kind> m = new HashMap<>();
        BiFunction<ApiException, String, ApiException> untyped = null;
        m.put(900, new Kind(ErrorCategory.PERMISSION, "the user has blacklisted the community; nothing the SDK can do", untyped));
        m.put(901, new Kind(ErrorCategory.PERMISSION, "the user has not allowed messages from the community; " + INVITE_LINK,
                MessagesNotAllowedException::new));
        m.put(902, new Kind(ErrorCategory.PERMISSION, "the user's privacy settings forbid this message; " + INVITE_LINK,
                MessagesNotAllowedException::new));
        m.put(932, new Kind(ErrorCategory.PERMISSION, "the community cannot reach this user; " + INVITE_LINK, MessagesNotAllowedException::new));
        m.put(950, new Kind(ErrorCategory.PERMISSION, "the time to reply to the user has run out; the user must write to the community "
                + "again, or " + INVITE_LINK, MessagesNotAllowedException::new));
        m.put(987, new Kind(ErrorCategory.PERMISSION, "the user must accept a message request from the community first; " + INVITE_LINK,
                MessagesNotAllowedException::new));
        m.put(988, new Kind(ErrorCategory.PERMISSION, "a message request to the user is still pending; wait until they accept it, or "
                + INVITE_LINK, MessagesNotAllowedException::new));
        m.put(985, new Kind(ErrorCategory.PERMISSION, "the community is set to send notifications only; allow messages in its settings",
                untyped));
        m.put(912, new Kind(ErrorCategory.PERMISSION, "this is a chat-bot feature; turn on the bot features in the community's settings",
                untyped));
        m.put(917, new Kind(ErrorCategory.PERMISSION, "the acting account has no access to this chat; add the community to the chat, "
                + "or check that the chat id belongs to this account (VK chat ids are local to each account)", ChatAccessException::new));
        m.put(922, new Kind(ErrorCategory.PERMISSION, "the acting account has left this chat; a chat admin must add it back",
                ChatAccessException::new));
        m.put(945, new Kind(ErrorCategory.PERMISSION, "the chat is disabled (closed, or a Sferum chat made read-only); use another chat",
                ChatAccessException::new));
        m.put(1012, new Kind(ErrorCategory.PERMISSION, "writing is disabled in this chat; a chat admin must allow it, or use another chat",
                ChatAccessException::new));
        m.put(919, new Kind(ErrorCategory.PERMISSION, "the acting account may not see this chat's invite link; make the community a chat "
                + "admin, or have an admin share the link", untyped));
        m.put(931, new Kind(ErrorCategory.PERMISSION, "the acting account may not change this chat's invite link; make the community a "
                + "chat admin, or have an admin reset the link", untyped));
        m.put(947, new Kind(ErrorCategory.PERMISSION, "the user has no access to the community, so cannot be added to its chat", untyped));
        m.put(925, new Kind(ErrorCategory.PERMISSION, "make the community an admin of the chat (chat settings, members, admin), then repeat",
                NotChatAdminException::new));
        m.put(927, new Kind(ErrorCategory.NOT_FOUND, "the chat does not exist for this account; check the chat id (VK chat ids are local "
                + "to each account)", ChatNotFoundException::new));
        m.put(936, new Kind(ErrorCategory.NOT_FOUND, "the contact was not found; check the user id", untyped));
        m.put(935, new Kind(ErrorCategory.CONFLICT, "the member is not in the chat (already removed or left); nothing to do",
                NotChatMemberException::new));
        m.put(939, new Kind(ErrorCategory.CONFLICT, "a message request was already sent to the user; they join the chat once they "
                + "accept it, so do not send another", AlreadyInvitedException::new));
        m.put(946, new Kind(ErrorCategory.NOT_SUPPORTED, "this chat does not support the action (a channel or an organisation chat); "
                + "do it in the VK or Sferum interface", ChatUnsupportedException::new));
        m.put(967, new Kind(ErrorCategory.PERMISSION, "the user is not an employee of the school organisation that owns this Sferum work "
                + "chat; fix the school roster in Sferum (add the user with the right role), then repeat", SchoolRosterException::new));
        m.put(1019, new Kind(ErrorCategory.PERMISSION, "the user is not a member of the school organisation in Sferum; fix the school "
                + "roster in Sferum, then repeat", SchoolRosterException::new));
        m.put(982, new Kind(ErrorCategory.THROTTLED, "adding users is temporarily unavailable; try again later", untyped));
        m.put(909, new Kind(ErrorCategory.INVALID_INPUT, "the message is too old to edit", untyped));
        m.put(910, new Kind(ErrorCategory.INVALID_INPUT, "the message is too big; send less text or fewer attachments", untyped));
        m.put(911, new Kind(ErrorCategory.INVALID_INPUT, "the keyboard is not valid; check it against VK's keyboard format", untyped));
        m.put(913, new Kind(ErrorCategory.INVALID_INPUT, "too many forwarded messages; forward fewer", untyped));
        m.put(914, new Kind(ErrorCategory.INVALID_INPUT, "the message is too long; split it into parts of at most 9000 characters", untyped));
        m.put(920, new Kind(ErrorCategory.INVALID_INPUT, "this kind of message cannot be edited", untyped));
        m.put(921, new Kind(ErrorCategory.INVALID_INPUT, "these messages cannot be forwarded", untyped));
        m.put(924, new Kind(ErrorCategory.INVALID_INPUT, "this message cannot be deleted for everyone; delete it for the community only",
                untyped));
        m.put(940, new Kind(ErrorCategory.INVALID_INPUT, "too many posts in the message; attach fewer", untyped));
        m.put(949, new Kind(ErrorCategory.INVALID_INPUT, "a pinned message cannot be edited yet; try again later", untyped));
        CODES = Map.copyOf(m);
    }

    private ChatErrors() {
    }

    /**
     * @param code a VK error code
     * @return its category in a chat call: the chat table's, else core's
     */
    public static ErrorCategory category(int code) {
        Kind k = CODES.get(code);
        return k == null ? VkErrors.category(code) : k.category();
    }

    /**
     * @param e an API error from a chat call
     * @return the chat-specific exception for its code, {@code e} with the chat category and remedy for other chat
     *     codes, or {@code e} itself for codes that are not chat codes
     */
    public static ApiException translate(ApiException e) {
        if (e instanceof ChatApiException) {
            return e;
        }
        if (e.errorCode() == 103) {
            return new ChatLimitException(e, "a VK limit was reached, such as the chat's member cap; remove members or split the chat");
        }
        Kind k = CODES.get(e.errorCode());
        if (k == null) {
            return e;
        }
        if (k.type() != null) {
            return k.type().apply(e, k.remedy());
        }
        ApiException typed = new ApiException(k.category(), e.method().orElse(null), e.errorCode(), e.errorSubcode().orElse(null),
                e.errorMsg(), e.errorText().orElse(null), e.requestParams(), e.humanCheck().orElse(null), k.remedy());
        typed.withAttempts(e.attempts());
        return typed;
    }

    /**
     * Builds the exception for one item's error inside a successful answer ({@code {"code":901,"description":"…"}}
     * in {@code messages.send} with {@code peer_ids}, or {@code messages.delete}).
     *
     * @param method the method
     * @param code the item's {@code code}
     * @param description the item's {@code description}
     * @return the typed exception
     */
    public static ApiException item(String method, int code, String description) {
        ApiException plain = new ApiException(category(code), method, code, null,
                description == null ? "" : VkErrors.scrub(description), null, Map.of(), null, VkErrors.remedy(code));
        return translate(plain);
    }
}
