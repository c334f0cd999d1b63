package dev.sferum.sdk.testkit.internal;

import tools.jackson.databind.node.ObjectNode;

/** Receives community events produced by state changes; called with the World lock held, must not block. */
interface EventSink {

    /** Drops every event; used until the event hub is attached. */
    EventSink NONE = (groupId, type, object) -> { };

    /**
     * A community event happened.
     *
     * @param groupId the community that receives it
     * @param type    the Callback API / Long Poll event type, e.g. {@code message_new}
     * @param object  the event's {@code object}, already rendered for that community
     */
    void publish(long groupId, String type, ObjectNode object);
}
