package dev.sferum.sdk.testkit.internal;

/** A chat member record. Guarded by the World lock. */
final class Member {

    enum State { IN, LEFT, KICKED }

    final long memberId;
    long invitedBy;
    long joinDate;
    boolean admin;
    State state = State.IN;

    Member(long memberId, long invitedBy, long joinDate) {
        this.memberId = memberId;
        this.invitedBy = invitedBy;
        this.joinDate = joinDate;
    }

    boolean in() {
        return state == State.IN;
    }
}
