package dev.sferum.sdk.chat;

import java.util.List;

/**
 * What a delete did, per message.
 *
 * @param deleted the messages deleted
 * @param failed the messages not deleted, with the backend's reason (for example VK 924: too old to delete for
 *     everyone)
 * @since 0.1.0
 */
public record DeleteResult(List<MessageRef> deleted, List<MessageFailure> failed) {

    /**
     * Copies.
     *
     * @param deleted the messages deleted
     * @param failed the messages not deleted, with the backend's reason (for example VK 924: too old to delete for
     *     everyone)
     */
    public DeleteResult {
        deleted = List.copyOf(deleted);
        failed = List.copyOf(failed);
    }
}
