package dev.sferum.sdk.testkit.internal;

/** A call started with calls.start. Guarded by the World lock. */
final class CallRecord {

    final String callId;
    final String joinLink;
    final String okJoinLink;
    final String shortId;
    final String password;
    final String broadcastVideoId;
    final String broadcastOvId;
    final long initiatorId;
    final long groupId;
    final long startedAt;
    long finishedAt;

    CallRecord(String callId, String joinLink, String okJoinLink, String shortId, String password,
            String broadcastVideoId, String broadcastOvId, long initiatorId, long groupId, long startedAt) {
        this.callId = callId;
        this.joinLink = joinLink;
        this.okJoinLink = okJoinLink;
        this.shortId = shortId;
        this.password = password;
        this.broadcastVideoId = broadcastVideoId;
        this.broadcastOvId = broadcastOvId;
        this.initiatorId = initiatorId;
        this.groupId = groupId;
        this.startedAt = startedAt;
    }
}
