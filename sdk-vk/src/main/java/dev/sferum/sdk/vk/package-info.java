/**
 * The VK backend: {@link dev.sferum.sdk.vk.VkChats} builds the chat clients over sdk-core's API clients, and
 * {@link dev.sferum.sdk.vk.ChatActor} says who they act as (a community or a user).
 *
 * <pre>{@code
 * AccessToken token = AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456);
 * ApiClient api = ApiClient.builder().token(token).buildClient();
 * ChatClient chats = VkChats.client(api, ChatActor.of(token));
 * chats.send(r -> r.peer(PeerId.chat(12)).text("Урок перенесён на 10:00"));
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts {@code null}
 * unless its Javadoc says so; a {@code null} where none is allowed fails at once with a
 * {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.vk;
