/**
 * Class chats, members and messages for sferum-java-sdk, with exactly-once sending, roster sync and one typed
 * stream of chat events.
 *
 * <p>The API is backend-neutral: {@link dev.sferum.sdk.chat.ChatClient} and {@link dev.sferum.sdk.chat.ChatAsyncClient}
 * are interfaces that sdk-vk ({@code VkChats}, on the VK API) and sdk-max ({@code MaxChats}, on MAX's Bot API)
 * implement; no type here is specific to one backend. Roster sync lives in {@link dev.sferum.sdk.chat.roster},
 * events in {@link dev.sferum.sdk.chat.event}. A backend builds its clients on the small service-provider package
 * {@link dev.sferum.sdk.chat.spi} (the shared sync and async fronts over one set of chat operations); the stores'
 * implementation is in {@code dev.sferum.sdk.chat.internal}, exported only to sdk-jdbc (its outbox keeps a pending
 * send in the same JSON form as the file outbox).
 */
module dev.sferum.sdk.chat {
    requires transitive dev.sferum.sdk.core;
    requires org.slf4j;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;

    exports dev.sferum.sdk.chat;
    exports dev.sferum.sdk.chat.event;
    exports dev.sferum.sdk.chat.roster;
    exports dev.sferum.sdk.chat.spi;
    exports dev.sferum.sdk.chat.internal to dev.sferum.sdk.jdbc;
}
