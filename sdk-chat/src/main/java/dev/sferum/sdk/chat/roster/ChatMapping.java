package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;

import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link ChatMappingStore} knows about one class: its chat, and a creation that may be in flight.
 *
 * @since 0.1.0
 */
public final class ChatMapping {
    private final String classId;
    private final PeerId chat;
    private final CreateIntent pendingCreate;

    /**
     * Creates the value.
     *
     * @param classId the class id
     * @param chat the class's chat, or {@code null} if none is recorded yet
     * @param pendingCreate a creation begun but not recorded as finished, or {@code null}
     * @throws IllegalArgumentException if both are {@code null}, or {@code chat} is not a chat
     */
    public ChatMapping(String classId, PeerId chat, CreateIntent pendingCreate) {
        this.classId = RosterClass.checkClassId(classId);
        if (chat == null && pendingCreate == null) {
            throw new IllegalArgumentException("a mapping of class " + classId + " needs a chat or a pending creation");
        }
        this.chat = chat == null ? null : chat.requireChat("the chat of class " + classId);
        this.pendingCreate = pendingCreate;
    }

    /** {@return the class id} */
    public String classId() {
        return classId;
    }

    /** {@return the class's chat, if recorded} */
    public Optional<PeerId> chat() {
        return Optional.ofNullable(chat);
    }

    /** {@return a creation begun but not recorded as finished: the run may have crashed in between} */
    public Optional<CreateIntent> pendingCreate() {
        return Optional.ofNullable(pendingCreate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatMapping m && m.classId.equals(classId) && Objects.equals(m.chat, chat)
                && Objects.equals(m.pendingCreate, pendingCreate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classId, chat, pendingCreate);
    }

    @Override
    public String toString() {
        return "ChatMapping[" + classId + " -> " + (chat != null ? chat : "none") + (pendingCreate != null ? ", creating" : "") + "]";
    }
}
