package dev.sferum.sdk.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.WithFakeVk;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A fresh fake per test, shared by the constructor, @BeforeEach and the test; closed after the test. */
@WithFakeVk(seed = 5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerMethodExtensionTest {

    private static FakeVk fromFirstTest;

    private final FakeVk fromConstructor;
    private FakeVk fromBeforeEach;

    PerMethodExtensionTest(FakeVk fake) {
        this.fromConstructor = fake;
    }

    @BeforeEach
    void seed(FakeVk fake) {
        fromBeforeEach = fake;
        fake.createUser("Анна", "Петрова");
    }

    @Test
    @Order(1)
    void fake_whenInjectedEverywhere_expectedOneInstancePerTest(FakeVk fake, FakeClock clock) {
        assertThat(fake).isSameAs(fromConstructor).isSameAs(fromBeforeEach);
        assertThat(clock).isSameAs(fake.clock());
        assertThat(fake.createUser("Иван", "Сидоров").id()).isEqualTo(1002);
        fromFirstTest = fake;
    }

    @Test
    @Order(2)
    void fake_whenNextTest_expectedFreshFakeAndPreviousOneClosed(FakeVk fake) {
        assertThat(fake).isNotSameAs(fromFirstTest);
        assertThat(fake.createUser("Иван", "Сидоров").id()).isEqualTo(1002);
        HttpRequest request = HttpRequest.newBuilder(fromFirstTest.baseUri().resolve("method/users.get"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
