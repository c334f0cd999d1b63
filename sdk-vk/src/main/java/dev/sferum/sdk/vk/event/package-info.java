/**
 * Community events from VK into the chat module's {@link dev.sferum.sdk.chat.event.EventStream}: the Callback API
 * ({@link dev.sferum.sdk.vk.event.CallbackReceiver}, served by {@link dev.sferum.sdk.vk.event.CallbackHttpHandler}
 * or your own HTTP server) and the Bots Long Poll ({@link dev.sferum.sdk.vk.event.LongPollSource}).
 *
 * <pre>{@code
 * EventStream events = EventStream.builder().build();
 * events.on(MessageNew.class, e -> log.info("new message in {}", e.peer()));
 * LongPollSource poll = LongPollSource.builder().api(api).groupId(123456).build(events);
 * poll.start();
 * }</pre>
 *
 * <p>Every type here is thread-safe unless its Javadoc says otherwise. No method accepts {@code null} unless its
 * Javadoc says so.
 */
package dev.sferum.sdk.vk.event;
