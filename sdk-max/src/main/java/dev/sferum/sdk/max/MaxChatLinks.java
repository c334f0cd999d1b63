package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.ConversationsRequest;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Roster sync's first step on a backend that cannot create chats (MAX): <em>link</em> each class to the existing
 * chat the bot was added to, instead of creating one. Run it before {@code RosterSync.plan}: classes it links are then
 * synced as usual (renames, members added and removed); classes it cannot link are named in its notes, with what a
 * person has to do.
 *
 * <pre>{@code
 * MaxChatLinks.Plan links = MaxChatLinks.plan(chats, mappings, roster);
 * links.notes().forEach(log::info);          // "class 7b: no chat titled "7Б" has the bot in it; ..."
 * MaxChatLinks.apply(links, mappings);       // records class -> chat
 * RosterPlan plan = rosterSync.plan(roster); // now renames and members only
 * }</pre>
 *
 * <p>A class is linked to the one chat, among those the bot is in (MAX's {@code GET /chats}), whose title is exactly
 * the class's title and which no other class is mapped to. None: the note asks to create the chat in MAX (or use the
 * class chat Sferum made) and add the bot as an admin. Several: the note lists them and asks a person to record the
 * right one with {@link ChatMappingStore#recordChat}. Nothing is guessed.
 *
 * <p>Why a separate step: sdk-chat's roster planner always plans a chat creation for an unmapped class; on MAX that
 * step fails {@code NOT_SUPPORTED} before any I/O. Linking first means it is never planned for a class that has a chat.
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class MaxChatLinks {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.roster");

    private MaxChatLinks() {
    }

    /**
     * A class and the existing chat it will be linked to.
     *
     * @param classId the class
     * @param chat its chat
     * @param title the chat's title
     */
    public record Link(String classId, PeerId chat, String title) {
        /** Checks. */
        public Link {
            Objects.requireNonNull(classId, "classId");
            Objects.requireNonNull(chat, "chat").requireChat("chat");
            Objects.requireNonNull(title, "title");
        }
    }

    /**
     * What linking would do.
     *
     * @param links the classes that will be linked, in roster order
     * @param notes one sentence per class that cannot be linked, with what to do
     * @param readCalls how many calls reading the bot's chats took
     */
    public record Plan(List<Link> links, List<String> notes, int readCalls) {
        /** Copies. */
        public Plan {
            links = List.copyOf(links);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Plans the links for every class of the roster that has no chat recorded. Reads only.
     *
     * @param chats the client (the MAX backend, or any backend)
     * @param mappings the roster sync's mapping store
     * @param roster the classes
     * @return the plan
     * @throws dev.sferum.sdk.core.exception.SferumException if listing the bot's chats fails
     */
    public static Plan plan(ChatClient chats, ChatMappingStore mappings, Roster roster) {
        Objects.requireNonNull(chats, "chats");
        Objects.requireNonNull(mappings, "mappings");
        Objects.requireNonNull(roster, "roster");
        Set<PeerId> taken = new HashSet<>();
        for (ChatMapping m : mappings.all()) {
            m.chat().ifPresent(taken::add);
        }
        Map<String, List<Chat>> byTitle = new LinkedHashMap<>();
        int reads = 0;
        for (var page : chats.conversations(ConversationsRequest.builder().pageSize(ConversationsRequest.DEFAULT_PAGE_SIZE).build()).pages()) {
            reads++;
            for (Conversation c : page.items()) {
                c.chat().filter(chat -> chat.state() == ChatState.IN && !taken.contains(chat.peer()))
                        .ifPresent(chat -> byTitle.computeIfAbsent(chat.title().strip(), t -> new ArrayList<>()).add(chat));
            }
        }
        List<Link> links = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RosterClass c : roster.classes()) {
            if (mappings.find(c.classId()).flatMap(ChatMapping::chat).isPresent()) {
                continue;
            }
            List<Chat> found = byTitle.getOrDefault(c.title(), List.of());
            if (found.size() == 1) {
                links.add(new Link(c.classId(), found.get(0).peer(), found.get(0).title()));
            } else if (found.isEmpty()) {
                notes.add("class " + c.classId() + ": no chat titled \"" + c.title() + "\" has the bot in it, and "
                        + chats.capabilities().backend() + " bots cannot create chats; create the chat (or use the class chat Sferum "
                        + "made), add the bot to it as an admin, then plan again");
            } else {
                notes.add("class " + c.classId() + ": " + found.size() + " chats titled \"" + c.title() + "\" have the bot in them ("
                        + found.stream().map(Chat::peer).toList() + "); record the right one with ChatMappingStore.recordChat(\""
                        + c.classId() + "\", chat)");
            }
        }
        log.debug("chat links: {} classes linkable, {} not, {} read calls", links.size(), notes.size(), reads);
        return new Plan(links, notes, reads);
    }

    /**
     * Records each planned link in the mapping store (a class that got a chat meanwhile is left as it is).
     *
     * @param plan the plan
     * @param mappings the store
     * @return the links recorded
     */
    public static List<Link> apply(Plan plan, ChatMappingStore mappings) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(mappings, "mappings");
        List<Link> done = new ArrayList<>();
        for (Link l : plan.links()) {
            if (mappings.find(l.classId()).flatMap(ChatMapping::chat).isEmpty()) {
                mappings.recordChat(l.classId(), l.chat());
                done.add(l);
            }
        }
        return done;
    }
}
