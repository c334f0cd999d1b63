package dev.sferum.sdk.micrometer;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testsupport.Secrets;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One observation (so one span) per call, its attempts as events, the token only as its fingerprint. */
class SferumObservationsTest {
    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private FakeVk fake;
    private FakeCommunity school;
    private FakeUser teacher;

    private final Recorded seen = new Recorded();

    /** Records what a tracing bridge would see: each event's name and each stopped context. */
    private static final class Recorded implements ObservationHandler<Observation.Context> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Observation.Event event, Observation.Context context) {
            events.add(event.getName());
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @BeforeEach
    void start() {
        registry.observationConfig().observationHandler(seen);
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        teacher = fake.createUser("Анна", "Петрова");
        school = fake.createCommunity("Школа №1", teacher);
        Secrets.register(school.token().value());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private ApiClient api() {
        return ApiClient.builder()
                .config(ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource())
                        .addListener(SferumObservations.of(registry)).build())
                .token(AccessToken.community(school.token().value(), school.id()))
                .buildClient();
    }

    @Test
    void call_whenRetriedTwice_isOneObservationWithThreeAttemptEventsAndTheFingerprint() {
        fake.faults().failNext("users.get", 2, 10);

        api().call("users.get", Map.of("user_ids", teacher.id()));

        assertThat(registry).hasNumberOfObservationsWithNameEqualTo(SferumObservations.NAME, 1)
                .hasObservationWithNameEqualTo(SferumObservations.NAME).that()
                .hasBeenStarted().hasBeenStopped()
                .hasContextualNameEqualTo("sferum users.get")
                .hasLowCardinalityKeyValue("sferum.backend", "vk")
                .hasLowCardinalityKeyValue("sferum.method", "users.get")
                .hasLowCardinalityKeyValue("sferum.outcome", "success")
                .hasHighCardinalityKeyValue("sferum.token.fingerprint", school.token().fingerprint())
                .doesNotHaveError();
        assertThat(seen.stopped).singleElement().satisfies(context -> assertThat(context.getAllKeyValues().stream()
                .map(KeyValue::getValue)).noneMatch(v -> v.contains(school.token().value())));
        assertThat(seen.events).containsExactly(SferumObservations.ATTEMPT_EVENT, SferumObservations.RETRY_EVENT,
                        SferumObservations.ATTEMPT_EVENT, SferumObservations.RETRY_EVENT, SferumObservations.ATTEMPT_EVENT);
    }

    @Test
    void call_whenItFails_isStoppedWithTheErrorAndItsCategory() {
        fake.faults().failNext("messages.createChat", 1, Fault.dropBeforeProcessing());

        assertThatThrownBy(() -> api().call("messages.createChat", Map.of("title", "5А", "group_id", school.id())))
                .isInstanceOf(SferumException.class);

        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("sferum.outcome", "outcome_unknown")
                .assertThatError().isInstanceOf(SferumException.class);
    }

    @Test
    void call_insideAnApplicationObservation_isItsChildAndSendsNoTraceHeader() {
        WireMockServer vk = new WireMockServer(options().dynamicPort());
        vk.start();
        try {
            vk.stubFor(post(urlPathEqualTo("/method/users.get"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"response\":[]}")));
            ApiClient api = ApiClient.builder()
                    .config(ClientConfig.builder().baseUrl(vk.baseUrl()).insecureHttpAllowed(true).rateLimits(RateLimits.unlimited())
                            .addListener(SferumObservations.of(registry)).build())
                    .token(AccessToken.community(school.token().value(), school.id()))
                    .buildClient();

            Observation.createNotStarted("school.sync", registry).observe(() -> api.call("users.get", Map.of("user_ids", 1)));

            assertThat(registry).hasObservationWithNameEqualTo(SferumObservations.NAME).that()
                    .hasParentObservationContextMatching(parent -> parent.getName().equals("school.sync"));
            vk.verify(1, anyRequestedFor(anyUrl()).withoutHeader("traceparent").withoutHeader("tracestate")
                    .withoutHeader("b3").withoutHeader("baggage"));
        } finally {
            vk.stop();
        }
    }
}
