package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.spi.Checks;
import dev.sferum.sdk.core.internal.Require;

import java.util.List;
import java.util.Objects;

/**
 * One change a {@link RosterPlan} makes to one class's chat. The interface is sealed: the seven step types below
 * are all there is (on Java 21, a pattern {@code switch} over them is exhaustive).
 *
 * <pre>{@code
 * for (RosterStep step : plan.steps()) {
 *     if (step instanceof RosterStep.InviteMembers i) {
 *         log.info("class {}: {} users will get the invite link", i.classId(), i.users().size());
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface RosterStep {

    /** {@return the class the step is for} */
    String classId();

    /** {@return the API calls the step is expected to make} */
    int apiCalls();

    /**
     * Create the class's chat with its members (or, after a crash, find the chat created before), then make sure
     * every member is in: added where the account can add members, otherwise given the invite link.
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param title the chat title
     * @param members who belongs in it
     * @param resume whether a creation was begun before (the store holds a {@link CreateIntent}): the chat is
     *     looked for among the account's conversations first
     */
    record CreateChat(String classId, String title, List<UserId> members, boolean resume) implements RosterStep {
        /**
         * Checks and copies.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param title the chat title
         * @param members who belongs in it
         * @param resume whether a creation was begun before (the store holds a {@link CreateIntent}): the chat is
         *     looked for among the account's conversations first
         */
        public CreateChat {
            RosterClass.checkClassId(classId);
            title = Checks.title(title, "the title of class " + classId);
            members = List.copyOf(members);
        }

        @Override
        public int apiCalls() {
            return 1 + (resume ? 1 : 0);
        }
    }

    /**
     * Link the class to a chat that already exists, because the backend cannot create chats (a MAX bot works only in
     * chats people add it to): the one chat the acting account is in whose title is the class's title, and which no
     * other class is mapped to. Applying re-checks that the class still has no chat, that no other class took this
     * one, and that the account is still in it, then records it in the {@link ChatMappingStore}. Renames and member
     * changes for the chat follow as separate steps of the same plan.
     *
     * <pre>{@code
     * plan.steps(RosterStep.LinkChat.class).forEach(l -> log.info("class {} -> existing chat {}", l.classId(), l.chat()));
     * }</pre>
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param chat the existing chat
     * @param title the chat's title now
     * @since 0.1.0
     */
    record LinkChat(String classId, PeerId chat, String title) implements RosterStep {
        /**
         * Checks.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param chat the existing chat
         * @param title the chat's title now
         */
        public LinkChat {
            RosterStep.checkClassChat(classId, chat);
            Objects.requireNonNull(title, "title");
        }

        /** {@return 1, as the chat is read once more before the link is recorded} */
        @Override
        public int apiCalls() {
            return 1;
        }
    }

    /**
     * Rename the class's chat.
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param chat its chat
     * @param from the title now
     * @param to the title wanted
     */
    record RenameChat(String classId, PeerId chat, String from, String to) implements RosterStep {
        /**
         * Checks.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param chat its chat
         * @param from the title now
         * @param to the title wanted
         */
        public RenameChat {
            RosterStep.checkClassChat(classId, chat);
            Objects.requireNonNull(from, "from");
            to = Checks.title(to, "the title of class " + classId);
        }

        @Override
        public int apiCalls() {
            return 1;
        }
    }

    /**
     * Add users to the class's chat (the account can add members).
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param chat its chat
     * @param users who to add
     */
    record AddMembers(String classId, PeerId chat, List<UserId> users) implements RosterStep {
        /**
         * Checks and copies.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param chat its chat
         * @param users who to add
         */
        public AddMembers {
            RosterStep.checkClassChat(classId, chat);
            users = List.copyOf(users);
        }

        @Override
        public int apiCalls() {
            return users.size();
        }
    }

    /**
     * The account cannot add members (a VK community token): get the chat's invite link for these users, and send
     * it to them if the sync is configured to.
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param chat its chat
     * @param users who should join
     * @param sendCalls the send calls planned to deliver the link (0 if it is only reported)
     */
    record InviteMembers(String classId, PeerId chat, List<UserId> users, int sendCalls) implements RosterStep {
        /**
         * Checks and copies.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param chat its chat
         * @param users who should join
         * @param sendCalls the send calls planned to deliver the link (0 if it is only reported)
         */
        public InviteMembers {
            RosterStep.checkClassChat(classId, chat);
            users = List.copyOf(users);
            Require.notNegative(sendCalls, "sendCalls");
        }

        @Override
        public int apiCalls() {
            return 1 + sendCalls;
        }
    }

    /**
     * Remove members who are not in the class any more.
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param chat its chat
     * @param members who to remove
     */
    record RemoveMembers(String classId, PeerId chat, List<PeerId> members) implements RosterStep {
        /**
         * Checks and copies.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param chat its chat
         * @param members who to remove
         */
        public RemoveMembers {
            RosterStep.checkClassChat(classId, chat);
            members = List.copyOf(members);
        }

        @Override
        public int apiCalls() {
            return members.size();
        }
    }

    /**
     * The class left the roster: remove its remaining members (keeping the chat and its history) and forget the
     * mapping.
     *
     * @param classId the {@link RosterClass#classId() id} of the class in your school system
     * @param chat its chat
     * @param members who to remove
     */
    record RetireClass(String classId, PeerId chat, List<PeerId> members) implements RosterStep {
        /**
         * Checks and copies.
         *
         * @param classId the {@link RosterClass#classId() id} of the class in your school system
         * @param chat its chat
         * @param members who to remove
         */
        public RetireClass {
            RosterStep.checkClassChat(classId, chat);
            members = List.copyOf(members);
        }

        @Override
        public int apiCalls() {
            return members.size();
        }
    }

    /**
     * The check every step on an existing class chat makes.
     *
     * @param classId the class
     * @param chat its chat
     * @throws IllegalArgumentException if the class id is blank or too long, or the peer is not a chat
     */
    private static void checkClassChat(String classId, PeerId chat) {
        RosterClass.checkClassId(classId);
        Objects.requireNonNull(chat, "chat").requireChat("chat");
    }
}
