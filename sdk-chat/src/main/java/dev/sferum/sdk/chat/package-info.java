/**
 * Chats, members and messages: the client interfaces, their requests and results, id value types, the
 * chat-specific errors and the message outbox SPI.
 *
 * <pre>{@code
 * ApiClient api = ApiClient.builder().token(AccessToken.community(token, 123456)).buildClient();
 * ChatClient chats = VkChats.client(api, ChatActor.community(123456));   // sdk-vk; sdk-max's MaxChats for MAX
 * CreateChatResult created = chats.createChat(r -> r.title("7Б").members(UserId.of(1001), UserId.of(1002)));
 * chats.send(r -> r.peer(created.chat()).text("Урок перенесён на 10:00"));
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts
 * {@code null} unless its Javadoc says so; a {@code null} where none is allowed fails at once with a
 * {@link java.lang.NullPointerException} naming the argument.
 */
package dev.sferum.sdk.chat;
