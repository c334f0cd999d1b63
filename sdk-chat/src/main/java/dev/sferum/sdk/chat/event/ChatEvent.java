package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.PeerId;

import java.util.Optional;

/**
 * One chat event from VK or MAX, typed by what happened. Switch over it, or subscribe to the types you need with
 * {@link EventStream#on(Class, EventHandler)}.
 *
 * <pre>{@code
 * events.onAny(e -> {
 *     switch (e) {   // Java 21; on 17 use instanceof
 *         case MessageNew m -> inbox.store(m.message());
 *         case MemberJoined j -> roster.joined(j.peer(), j.member());
 *         case UnknownEvent u -> audit.keep(u.meta().json());
 *         default -> { }
 *     }
 * });
 * }</pre>
 *
 * <p>The types: {@link MessageNew}, {@link MessageReply}, {@link MessageEdit}, {@link MessageDeleted} (MAX only), {@link MessageEvent} (a callback
 * button press), {@link MessageAllow}, {@link MessageDeny}, {@link GroupJoin}, {@link GroupLeave}; chat service
 * messages as {@link ChatActionEvent}s ({@link MemberJoined}, {@link MemberLeft}, {@link ChatCreated},
 * {@link ChatTitleUpdated}, {@link ChatPhotoUpdated}, {@link MessagePinned}, {@link MessageUnpinned},
 * {@link OtherChatAction}); everything else — and an event of a known type whose object the SDK could not read — as
 * an {@link UnknownEvent} with its raw JSON. No event is dropped for being unfamiliar.
 *
 * @since 0.1.0
 */
public sealed interface ChatEvent permits MessageNew, MessageReply, MessageEdit, MessageEvent, MessageAllow, MessageDeny,
        MessageDeleted, GroupJoin, GroupLeave, ChatActionEvent, UnknownEvent {

    /** {@return VK's envelope and the raw JSON} */
    EventMeta meta();

    /**
     * The peer the event is about: the chat or dialog of a message, the user of a permission or membership change.
     * Events of one peer are delivered in order and never concurrently.
     *
     * @return the peer, or empty for an event that names none (community-wide events)
     */
    Optional<PeerId> peer();
}
