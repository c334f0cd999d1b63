package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.spi.SyncChatFront;

import java.util.Objects;

/** The MAX {@link ChatClient}: each operation of {@link MaxChatOps} on the calling thread. */
public final class SyncMaxChatClient extends SyncChatFront<Calls> {
    private final MaxChatOps ops;

    /**
     * @param ops the operations
     */
    public SyncMaxChatClient(MaxChatOps ops) {
        super(ops, Calls.sync(Objects.requireNonNull(ops, "ops").pipeline()));
        this.ops = ops;
    }

    /** {@return the operations, for the SDK's own MAX helpers} */
    public MaxChatOps ops() {
        return ops;
    }

    @Override
    public String toString() {
        return "ChatClient[max, " + ops.pipeline() + "]";
    }
}
