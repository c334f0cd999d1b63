package dev.sferum.sdk.samples.spring;

import dev.sferum.sdk.chat.roster.Roster;

/** Where the school's roster comes from: the school information system's export, or the demo school. */
interface RosterSource {
    /** {@return the roster as it is now} */
    Roster roster();
}
