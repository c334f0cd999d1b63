/**
 * Video lessons on the VK API: start and finish calls, and a lesson scheduler that starts each lesson's call a
 * little before it begins, posts the join link to the class chat exactly once through a chat client of either
 * backend (VK or MAX), and finishes the call at the end.
 */
module dev.sferum.sdk.video {
    requires transitive dev.sferum.sdk.chat;
    requires org.slf4j;

    exports dev.sferum.sdk.video;
}
