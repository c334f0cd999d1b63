package dev.sferum.sdk.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.FakeVkExtension;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Programmatic registration applies any builder setting. */
class RegisteredExtensionTest {

    private static final Instant START = Instant.parse("2025-09-01T08:00:00Z");

    @RegisterExtension
    static final FakeVkExtension VK = FakeVkExtension.perMethod(b -> b.clock(FakeClock.at(START)));

    @Test
    void fake_whenCustomizedClock_expectedClockAtGivenInstant(FakeVk fake, FakeClock clock) {
        assertThat(clock.now()).isEqualTo(START);
        assertThat(fake.clock()).isSameAs(clock);
    }
}
