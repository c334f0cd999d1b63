/**
 * Chat events from VK and MAX — new messages, chat service actions (a member joined or left, a title changed, a
 * message was pinned), callback-button presses, permission changes — as one typed stream fed by VK's Callback API and
 * Bots Long Poll (sdk-vk's {@code CallbackReceiver} and {@code LongPollSource}), by sdk-max's webhook receiver and
 * long poll, or by sources of your own
 * ({@link dev.sferum.sdk.chat.event.EventStream#offer}, {@link dev.sferum.sdk.chat.event.EventStream#put}).
 *
 * <pre>{@code
 * EventStream events = EventStream.builder().build();
 * events.onMessageNew(m -> replies.answer(m.message()));
 * events.on(MemberJoined.class, j -> roster.joined(j.peer(), j.member()));
 *
 * // either VK pushes to your HTTPS endpoint …
 * CallbackReceiver receiver = CallbackReceiver.builder()
 *         .groupId(123456)
 *         .confirmation(Secret.of(System.getenv("VK_CALLBACK_CONFIRMATION")))
 *         .secret(Secret.of(System.getenv("VK_CALLBACK_SECRET")))
 *         .build(events);
 * // … or the SDK pulls from Bots Long Poll
 * LongPollSource poll = LongPollSource.builder().api(api).groupId(123456).build(events);
 * poll.start();
 * }</pre>
 *
 * <p>Delivery is at least once and in order per peer; duplicates (VK's retries, or the same event from both
 * sources) are collapsed by {@code event_id}, in memory or in an
 * {@link dev.sferum.sdk.chat.event.EventDedupeStore} shared by several nodes. See
 * {@link dev.sferum.sdk.chat.event.EventStream}.
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts
 * {@code null} unless its Javadoc says so; a {@code null} where none is allowed fails at once with a
 * {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.chat.event;
