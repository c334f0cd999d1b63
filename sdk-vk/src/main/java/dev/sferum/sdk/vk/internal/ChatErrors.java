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
import dev.sferum.sdk.core.internal.VkErrors;

import java.util.Map;

/** VK's chat error codes to the chat exception types, each with its remedy. */
public final class ChatErrors {
    private static final String INVITE_LINK = "send the user the chat's invite link through another channel (the school journal), "
            + "or have them write to the community first";

    private ChatErrors() {
    }

    /**
     * @param e an API error from a chat call
     * @return the chat-specific exception for its code, or {@code e} itself for codes that are not chat-specific
     */
    public static ApiException translate(ApiException e) {
        if (e instanceof ChatApiException) {
            return e;
        }
        return switch (e.errorCode()) {
            case 901 -> new MessagesNotAllowedException(e, "the user has not allowed messages from the community; " + INVITE_LINK);
            case 902 -> new MessagesNotAllowedException(e, "the user's privacy settings forbid this message; " + INVITE_LINK);
            case 932 -> new MessagesNotAllowedException(e, "the community cannot reach this user; " + INVITE_LINK);
            case 987 -> new MessagesNotAllowedException(e, "the user must accept a message request from the community first; " + INVITE_LINK);
            case 988 -> new MessagesNotAllowedException(e, "a message request to the user is still pending; wait until they accept it, or "
                    + INVITE_LINK);
            case 917 -> new ChatAccessException(e, "the acting account has no access to this chat; add the community to the chat, "
                    + "or check that the chat id belongs to this account (VK chat ids are local to each account)");
            case 922 -> new ChatAccessException(e, "the acting account has left this chat; a chat admin must add it back");
            case 945 -> new ChatAccessException(e, "the chat is disabled (closed, or a Sferum chat made read-only); use another chat");
            case 925 -> new NotChatAdminException(e, "make the community an admin of the chat (chat settings, members, admin), then repeat");
            case 927 -> new ChatNotFoundException(e, "the chat does not exist for this account; check the chat id (VK chat ids are local "
                    + "to each account)");
            case 935 -> new NotChatMemberException(e, "the member is not in the chat (already removed or left); nothing to do");
            case 939 -> new AlreadyInvitedException(e, "the user is already in the chat or already invited; nothing to do");
            case 946 -> new ChatUnsupportedException(e, "this chat does not support the action (a channel or an organisation chat); "
                    + "do it in the VK or Sferum interface");
            case 967 -> new SchoolRosterException(e, "the user is not an employee of the school organisation that owns this Sferum work "
                    + "chat; fix the school roster in Sferum (add the user with the right role), then repeat");
            case 1019 -> new SchoolRosterException(e, "the user is not a member of the school organisation in Sferum; fix the school "
                    + "roster in Sferum, then repeat");
            case 103 -> new ChatLimitException(e, "a VK limit was reached, such as the chat's member cap; remove members or split the chat");
            default -> e;
        };
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
        ApiException plain = new ApiException(VkErrors.category(code), method, code, null,
                description == null ? "" : VkErrors.scrub(description), null, Map.of(), null, VkErrors.remedy(code));
        return translate(plain);
    }
}
