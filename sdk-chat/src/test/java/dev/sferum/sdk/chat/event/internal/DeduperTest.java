package dev.sferum.sdk.chat.event.internal;

import dev.sferum.sdk.chat.event.EventStream;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory de-duplication window every {@link EventStream} has unless given a shared store. */
class DeduperTest {

    @Test
    void deduper_whenKeyOrWindowIsBad_expectedIllegalArgumentNamingIt() {
        Deduper d = new Deduper(Clock.systemUTC(), 10);
        assertThatThrownBy(() -> d.markFirst(null, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> d.markFirst("  ", Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> d.forget("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.markFirst("1:a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> EventStream.builder().dedupeStore(null)).isInstanceOf(NullPointerException.class);
    }
}
