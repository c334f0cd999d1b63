package dev.sferum.sdk.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sferum.sdk.testkit.FakeLifecycle;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.WithFakeVk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One fake for the whole class: state carries over between tests, @BeforeAll can seed it. */
@WithFakeVk(lifecycle = FakeLifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassExtensionTest {

    private static FakeVk fromBeforeAll;

    @BeforeAll
    static void seed(FakeVk fake) {
        fromBeforeAll = fake;
        fake.createCommunity("Школа №1");
    }

    @Test
    @Order(1)
    void fake_whenFirstTest_expectedSeededInstance(FakeVk fake) {
        assertThat(fake).isSameAs(fromBeforeAll);
        fake.createUser("Анна", "Петрова");
    }

    @Test
    @Order(2)
    void fake_whenSecondTest_expectedSameInstanceWithEarlierState(FakeVk fake) {
        assertThat(fake).isSameAs(fromBeforeAll);
        assertThat(fake.createUser("Иван", "Сидоров").id()).isEqualTo(1002);
    }
}
