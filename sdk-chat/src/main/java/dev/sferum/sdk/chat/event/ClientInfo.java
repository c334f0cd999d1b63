package dev.sferum.sdk.chat.event;

import java.util.List;
import java.util.Objects;

/**
 * What the sender's VK client can show, as {@code message_new} reports it ({@code client_info}): use it to decide
 * whether to attach a keyboard or a carousel to the reply.
 *
 * @param buttonActions the button action types the client supports, such as {@code text}, {@code callback},
 *     {@code open_link}; unmodifiable, empty if unknown
 * @param keyboard whether it shows keyboards
 * @param inlineKeyboard whether it shows inline keyboards
 * @param carousel whether it shows carousels
 * @param langId the client's language id (0 is Russian), or 0 if unknown
 * @since 0.1.0
 */
public record ClientInfo(List<String> buttonActions, boolean keyboard, boolean inlineKeyboard, boolean carousel, int langId) {

    /** What is assumed when VK sends no {@code client_info}: nothing is supported. */
    public static final ClientInfo UNKNOWN = new ClientInfo(List.of(), false, false, false, 0);

    /**
     * Copies the list.
     *
     * @param buttonActions see the record component
     * @param keyboard see the record component
     * @param inlineKeyboard see the record component
     * @param carousel see the record component
     * @param langId see the record component
     */
    public ClientInfo {
        buttonActions = List.copyOf(Objects.requireNonNull(buttonActions, "buttonActions"));
    }

    /**
     * Tells whether the user's client supports a button action.
     *
     * @param action a button action type, such as {@code callback}
     * @return whether the client supports it
     */
    public boolean supports(String action) {
        return buttonActions.contains(action);
    }
}
