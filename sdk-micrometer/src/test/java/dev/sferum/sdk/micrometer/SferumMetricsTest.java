package dev.sferum.sdk.micrometer;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxChats;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.MaxFault;
import dev.sferum.sdk.testsupport.Secrets;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Meters recorded after calls through the testkit's fakes with faults: names, tags, counts. */
class SferumMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeVk fake;
    private FakeCommunity school;
    private FakeUser teacher;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        teacher = fake.createUser("Анна", "Петрова");
        school = fake.createCommunity("Школа №1", teacher);
        Secrets.register(school.token().value());
    }

    @AfterEach
    void stop() {
        fake.close();
        registry.close();
    }

    private ApiClientBuilder api(RequestListener listener, RateLimits limits) {
        return ApiClient.builder()
                .config(ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(limits).timeSource(new FakeTimeSource())
                        .addListener(listener).build())
                .token(AccessToken.community(school.token().value(), school.id()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void call_whenVkAnswersTooManyTwice_countsAttemptsRetriesAndThrottledByCode(boolean async) {
        fake.faults().failNext("users.get", 2, 6);
        ApiClientBuilder builder = api(SferumMetrics.builder(registry).build(), RateLimits.unlimited());
        if (async) {
            builder.buildAsyncClient().call("users.get", Map.of("user_ids", teacher.id())).join();
        } else {
            builder.buildClient().call("users.get", Map.of("user_ids", teacher.id()));
        }

        Timer calls = registry.get(SferumMetrics.CALLS)
                .tags("backend", "vk", "method", "users.get", "outcome", "success").timer();
        assertThat(calls.count()).isEqualTo(1);
        assertThat(registry.get(SferumMetrics.ATTEMPTS).tags("backend", "vk", "method", "users.get").counter().count())
                .isEqualTo(3);
        assertThat(registry.get(SferumMetrics.RETRIES).tags("method", "users.get", "cause", "throttled").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(SferumMetrics.THROTTLED).tags("method", "users.get", "code", "6").counter().count())
                .isEqualTo(2);
        assertThat(registry.find(SferumMetrics.OUTCOME_UNKNOWN).meters()).isEmpty();
    }

    @Test
    void call_whenAWriteIsDroppedInFlight_countsOutcomeUnknownAndTheFailedCall() {
        fake.faults().failNext("messages.createChat", 1, Fault.dropBeforeProcessing());
        ApiClient api = api(SferumMetrics.builder(registry).build(), RateLimits.unlimited()).buildClient();

        assertThatThrownBy(() -> api.call("messages.createChat", Map.of("title", "5А", "group_id", school.id())))
                .isInstanceOfSatisfying(SferumException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.OUTCOME_UNKNOWN));

        assertThat(registry.get(SferumMetrics.OUTCOME_UNKNOWN).tags("method", "messages.createChat").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(SferumMetrics.CALLS).tags("method", "messages.createChat", "outcome", "outcome_unknown")
                .timer().count()).isEqualTo(1);
        assertThat(registry.find(SferumMetrics.RETRIES).meters()).as("a write that may have happened is not repeated").isEmpty();
    }

    @Test
    void call_whenTheRateBudgetIsSpent_recordsTheBudgetWait() {
        RateLimits twoPerSecond = RateLimits.builder().perSecond(dev.sferum.sdk.core.TokenKind.COMMUNITY, 2).build();
        ApiClient api = api(SferumMetrics.builder(registry).build(), twoPerSecond).buildClient();

        for (int i = 0; i < 5; i++) {
            api.call("users.get", Map.of("user_ids", teacher.id()));
        }

        Timer waits = registry.get(SferumMetrics.BUDGET_WAIT).tags("backend", "vk", "method", "users.get").timer();
        assertThat(waits.count()).as("calls beyond the first two of each second wait for the budget").isGreaterThanOrEqualTo(2);
        assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).as("the waits of the virtual clock, in all")
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    void send_onMaxWhenThrottled_tagsBackendMaxAndCode429() {
        try (FakeMax max = FakeMax.builder().rateLimitsEnabled(false).start()) {
            FakeMaxBot bot = max.createBot("Школьный бот");
            Secrets.register(bot.token());
            FakeMaxChat chat = max.addBot(max.createChat(max.createUser("Анна", "Иванова"), "7Б"), bot, true);
            max.faults().failNext("POST /messages", 1, MaxFault.error(429, "too.many.requests"));
            ChatClient chats = MaxChats.builder().token(MaxBotToken.of(bot.token()))
                    .config(MaxChats.defaultConfig().toBuilder().baseUri(max.baseUri()).rateLimits(RateLimits.unlimited())
                            .timeSource(new FakeTimeSource()).addListener(SferumMetrics.builder(registry).build()).build())
                    .buildClient();

            chats.send(r -> r.peer(PeerId.chat(chat.id())).text("Урок перенесён"));

            assertThat(registry.get(SferumMetrics.THROTTLED).tags("backend", "max", "method", "POST /messages", "code", "429")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get(SferumMetrics.CALLS).tags("backend", "max", "method", "POST /messages", "outcome", "success")
                    .timer().count()).isEqualTo(1);
        }
    }

    @Test
    void meters_afterCallsThroughFaults_carryOnlyLowCardinalityTagsAndNoToken() {
        fake.faults().failNext("users.get", 1, 9).failNext("messages.createChat", 1, Fault.dropBeforeProcessing());
        ApiClient api = api(SferumMetrics.builder(registry).build(), RateLimits.defaults()).buildClient();
        api.call("users.get", Map.of("user_ids", teacher.id()));
        assertThatThrownBy(() -> api.call("messages.createChat", Map.of("title", "5А", "group_id", school.id())));

        Set<String> keys = new HashSet<>();
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getName()).startsWith("sferum.").matches("[a-z.]+");
            for (Tag tag : meter.getId().getTags()) {
                keys.add(tag.getKey());
                assertThat(tag.getValue()).doesNotContain(school.token().value()).doesNotContain(school.token().fingerprint())
                        .doesNotContain(Long.toString(teacher.id())).doesNotContain(Long.toString(school.id()));
            }
        }
        assertThat(keys).isSubsetOf("backend", "method", "outcome", "cause", "code").contains("backend", "method", "outcome");
    }

    @Test
    void callTimer_publishesAHistogramOnlyWhenAskedTo() {
        Map<String, DistributionStatisticConfig> plainConfig = distributionConfigs(registry);
        ApiClient plain = api(SferumMetrics.builder(registry).build(), RateLimits.unlimited()).buildClient();
        plain.call("users.get", Map.of("user_ids", teacher.id()));
        assertThat(plainConfig.get(SferumMetrics.CALLS).isPercentileHistogram()).isNotEqualTo(Boolean.TRUE);
        assertThat(plainConfig.get(SferumMetrics.CALLS).getPercentiles()).isNullOrEmpty();

        SimpleMeterRegistry other = new SimpleMeterRegistry();
        Map<String, DistributionStatisticConfig> detailedConfig = distributionConfigs(other);
        ApiClient detailed = api(SferumMetrics.builder(other).percentileHistogram(true).percentiles(0.5, 0.99).build(),
                RateLimits.unlimited()).buildClient();
        detailed.call("users.get", Map.of("user_ids", teacher.id()));
        assertThat(detailedConfig.get(SferumMetrics.CALLS).isPercentileHistogram()).isTrue();
        assertThat(detailedConfig.get(SferumMetrics.CALLS).getPercentiles()).containsExactly(0.5, 0.99);
    }

    /** The distribution settings each meter was registered with, as a registry's filters see them. */
    private static Map<String, DistributionStatisticConfig> distributionConfigs(SimpleMeterRegistry registry) {
        Map<String, DistributionStatisticConfig> seen = new ConcurrentHashMap<>();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                seen.put(id.getName(), config);
                return config;
            }
        });
        return seen;
    }

    @Test
    void gauges_followTheOutboxAndTheEventQueue() {
        MessageOutbox outbox = MessageOutbox.inMemory();
        SferumMetrics.monitorOutbox(registry, outbox, "school");
        assertThat(registry.get(SferumMetrics.OUTBOX_PENDING).tags("outbox", "school").gauge().value()).isZero();
        outbox.add(new OutboxEntry(SendRequest.builder().peer(PeerId.chat(1)).text("Завтра уроки с 9:00").build(),
                Instant.parse("2026-12-07T09:00:00Z")));
        assertThat(registry.get(SferumMetrics.OUTBOX_PENDING).gauge().value()).isEqualTo(1);

        try (EventStream events = EventStream.builder().build()) {
            SferumMetrics.monitorEvents(registry, events, "callback");
            assertThat(registry.get(SferumMetrics.EVENTS_QUEUED).tags("stream", "callback").gauge().value()).isZero();
        }
    }

    @Test
    void builder_whenAPercentileIsOutOfRange_namesTheRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> SferumMetrics.builder(registry).percentiles(99))
                .withMessageContaining("within [0, 1]").withMessageContaining("99");
        assertThatIllegalArgumentException().isThrownBy(() -> SferumMetrics.monitorOutbox(registry, MessageOutbox.inMemory(), " "))
                .withMessageContaining("blank");
    }

    @Test
    void backend_whenFixed_tagsEveryMeterWithIt() {
        ApiClient api = api(SferumMetrics.builder(registry).backend("sferum").build(), RateLimits.unlimited()).buildClient();
        api.call("users.get", Map.of("user_ids", teacher.id()));
        assertThat(registry.get(SferumMetrics.CALLS).tags("backend", "sferum").timer().count()).isEqualTo(1);
    }
}
