package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.spi.AsyncChatFront;

import java.util.Objects;

/**
 * The MAX {@link ChatAsyncClient}: each operation of {@link MaxChatOps} composed on the pipeline's futures, with its
 * own {@link Calls.Async} so that cancelling the returned future cancels the call in flight.
 */
public final class AsyncMaxChatClient extends AsyncChatFront<Calls> {
    private final MaxChatOps ops;

    /**
     * @param ops the operations
     */
    public AsyncMaxChatClient(MaxChatOps ops) {
        super(Objects.requireNonNull(ops, "ops"), () -> Calls.async(ops.pipeline()));
        this.ops = ops;
    }

    /** {@return the operations, for the SDK's own MAX helpers} */
    public MaxChatOps ops() {
        return ops;
    }

    @Override
    public String toString() {
        return "ChatAsyncClient[max, " + ops.pipeline() + "]";
    }
}
