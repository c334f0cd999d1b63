/**
 * Roster sync: keep one chat per school class in step with the school's roster.
 *
 * <p>Describe the desired state as a {@link dev.sferum.sdk.chat.roster.Roster}, let
 * {@link dev.sferum.sdk.chat.roster.RosterSync#plan(Roster)} compute the minimal changes against what exists, show
 * or log the {@link dev.sferum.sdk.chat.roster.RosterPlan} (its API calls and estimated duration), then
 * {@link dev.sferum.sdk.chat.roster.RosterSync#apply(RosterPlan, RosterProgressListener) apply} it. Applying is
 * resumable through a {@link dev.sferum.sdk.chat.roster.ChatMappingStore}.
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts
 * {@code null} unless its Javadoc says so.
 */
package dev.sferum.sdk.chat.roster;
