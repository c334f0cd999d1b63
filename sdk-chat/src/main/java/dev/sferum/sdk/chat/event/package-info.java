/**
 * Community events from VK — new messages, chat service actions (a member joined or left, a title changed, a
 * message was pinned), callback-button presses, permission changes — as one typed stream fed by the Callback API,
 * Bots Long Poll, or both.
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
 * sources) are collapsed by {@code event_id}. See {@link dev.sferum.sdk.chat.event.EventStream}.
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts
 * {@code null} unless its Javadoc says so; a {@code null} where none is allowed fails at once with a
 * {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.chat.event;
