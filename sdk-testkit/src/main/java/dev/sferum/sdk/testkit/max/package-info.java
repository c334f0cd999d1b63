/**
 * A stateful fake of MAX's Bot API for tests, beside the VK fake: {@link dev.sferum.sdk.testkit.max.FakeMax} with its
 * bots, users, chats, messages, long polling and webhooks; {@link dev.sferum.sdk.testkit.max.FakeMaxFaults} to make it
 * misbehave; {@link dev.sferum.sdk.testkit.max.FakeMaxExtension} (or {@link dev.sferum.sdk.testkit.max.WithFakeMax}) to
 * start one per test and inject it.
 *
 * <pre>{@code
 * @WithFakeMax
 * class ClassChatOnMaxTest {
 *     @Test
 *     void send_whenLessonMoved_expectedOneMessage(FakeMax fake) { ... }
 * }
 * }</pre>
 */
package dev.sferum.sdk.testkit.max;
