/**
 * The service-provider interface for chat backends: what sdk-vk and sdk-max (or a backend of your own) build their
 * {@link dev.sferum.sdk.chat.ChatClient} and {@link dev.sferum.sdk.chat.ChatAsyncClient} on, so that the two client
 * forms and every backend behave the same way. Applications do not need it.
 *
 * <p>A backend writes each chat operation once, as a {@link dev.sferum.sdk.chat.spi.ChatOps} over its own step type
 * (one remote call, described so that {@link dev.sferum.sdk.chat.spi.Flow} can run it blocking or as a future), and
 * gets both clients by extending {@link dev.sferum.sdk.chat.spi.SyncChatFront} and
 * {@link dev.sferum.sdk.chat.spi.AsyncChatFront}. {@link dev.sferum.sdk.chat.spi.Checks},
 * {@link dev.sferum.sdk.chat.spi.TextSplitter} and {@link dev.sferum.sdk.chat.spi.RandomIds} are the shared input
 * checks, message splitting and idempotency keys; {@link dev.sferum.sdk.chat.spi.CallBudget} tells roster sync how
 * fast a client may call.
 *
 * <pre>{@code
 * final class MyChatOps implements ChatOps<MyStep> { ... }          // each operation once
 * final class MySyncClient extends SyncChatFront<MyStep> { ... }    // blocking form
 * final class MyAsyncClient extends AsyncChatFront<MyStep> { ... }  // CompletableFuture form
 * }</pre>
 *
 * <p>Stability: this package is for backend authors and may change in any 0.x release, more freely than the
 * application API; such changes are listed in the CHANGELOG.
 */
package dev.sferum.sdk.chat.spi;
