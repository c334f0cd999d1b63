package dev.sferum.sdk.core;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.DeadlineExceededException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.core.testing.FaultyVk;
import dev.sferum.sdk.core.testing.Mode;
import dev.sferum.sdk.core.testing.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Retries, budgets, deadlines and batching, end to end over HTTP; every wait on virtual time where it can be. */
class ResilienceTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final VirtualTime time = new VirtualTime();

    private ClientConfig.Builder config() {
        return ClientConfig.builder().baseUrl(vk.baseUrl()).timeSource(time)
                .retryPolicy(RetryPolicy.builder().jitterSeed(1).build());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTransientErrorThenSuccess_retriesAfterJitteredBackoff(Mode mode) {
        vk.stubFor(post("/method/users.get").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"error\":{\"error_code\":10,\"error_msg\":\"Internal server error\"}}")).willSetStateTo("ok"));
        vk.stubFor(post("/method/users.get").inScenario("flaky").whenScenarioStateIs("ok").willReturn(okJson("{\"response\":[{\"id\":1}]}")));
        List<String> retries = Collections.synchronizedList(new ArrayList<>());
        RequestListener listener = new RequestListener() {
            @Override
            public void retryScheduled(CallInfo call, int nextAttempt, Duration delay, SferumException cause) {
                retries.add(nextAttempt + " after " + cause.category());
            }
        };

        JsonNode users = mode.call(ApiClient.builder().config(config().addListener(listener).build()).token(Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json());

        assertThat(users.get(0).path("id").asInt()).isEqualTo(1);
        assertThat(retries).containsExactly("2 after TRANSIENT");
        assertThat(time.waits()).hasSize(1).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200)));
        assertThat(vk.getAllServeEvents()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenAlwaysFailing_stopsAfterMaxAttemptsAndCountsThem(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"error\":{\"error_code\":10,\"error_msg\":\"Internal server error\"}}")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> mode.call(
                ApiClient.builder().config(config().build()).token(Canary.service()), ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.getMessage()).contains("after 4 attempts");
        assertThat(vk.getAllServeEvents()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenNonIdempotentWriteGetsError10_isNotRepeated(Mode mode) {
        vk.stubFor(post("/method/messages.createChat").willReturn(okJson("{\"error\":{\"error_code\":10,\"error_msg\":\"Internal server error\"}}")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> mode.call(
                ApiClient.builder().config(config().build()).token(Canary.community()),
                ApiRequest.builder("messages.createChat").param("title", "7Б").build(), ResultType.json()));

        assertThat(e.errorCode()).isEqualTo(10);
        assertThat(vk.getAllServeEvents()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenServerSaysTooManyRequestsOnce_retriesAfterTheThrottleBackoffWithoutCuttingTheBudget(Mode mode) {
        assertThat(tooManyRequestsOnce(mode, config().build())).as("one isolated refusal is no evidence the limit is too high")
                .isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenServerSaysTooManyRequestsAndEveryRefusalCuts_halvesTheTokensBudgetAndRetries(Mode mode) {
        ClientConfig cfg = config().rateLimits(RateLimits.builder().refusalThreshold(1, 0).recoveryInterval(Duration.ofMinutes(1)).build()).build();

        assertThat(tooManyRequestsOnce(mode, cfg)).isEqualTo(10);
    }

    /** @return the token's budget limit after one messages.send answered 6, then 77 */
    private int tooManyRequestsOnce(Mode mode, ClientConfig cfg) {
        vk.stubFor(post("/method/messages.send").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"error\":{\"error_code\":6,\"error_msg\":\"Too many requests per second\"}}")).willSetStateTo("ok"));
        vk.stubFor(post("/method/messages.send").inScenario("busy").whenScenarioStateIs("ok").willReturn(okJson("{\"response\":77}")));

        JsonNode id = mode.call(ApiClient.builder().config(cfg).token(Canary.community()),
                ApiRequest.builder("messages.send").param("peer_id", 1).param("random_id", 9).build(), ResultType.json());

        assertThat(id.asLong()).isEqualTo(77);
        assertThat(time.waits()).isNotEmpty().allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        return ((dev.sferum.sdk.core.internal.InMemoryRateBudgets) cfg.rateBudgetStore())
                .currentLimit(Canary.community().fingerprint(), cfg.rateLimits().budget(TokenKind.COMMUNITY));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenBudgetWaitPassesTheDeadline_failsThrottledHoldingNoSlot(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":[]}")));
        List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        RateBudgetStore inner = RateBudgetStore.inMemory(time);
        RateBudgetStore recording = new RateBudgetStore() {
            @Override
            public Reservation reserve(String key, Budget budget) {
                Reservation r = inner.reserve(key, budget);
                return new Reservation() {
                    @Override
                    public boolean granted() {
                        return r.granted();
                    }

                    @Override
                    public Duration delay() {
                        return r.delay();
                    }

                    @Override
                    public void complete() {
                        completed.add(key);
                        r.complete();
                    }

                    @Override
                    public void cancel() {
                        cancelled.add(key);
                        r.cancel();
                    }
                };
            }

            @Override
            public void throttled(String key, Budget budget) {
                inner.throttled(key, budget);
            }
        };
        ClientConfig cfg = config().attemptTimeout(Duration.ofMillis(500)).callTimeout(Duration.ofMillis(1000))
                .rateLimits(RateLimits.builder().perSecond(TokenKind.SERVICE, 1).store(recording).build()).build();
        ApiClientBuilder builder = ApiClient.builder().config(cfg).token(Canary.service());

        mode.call(builder, ApiRequest.builder("users.get").build(), ResultType.json());
        DeadlineExceededException e = catchThrowableOfType(DeadlineExceededException.class,
                () -> mode.call(builder, ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.category()).isEqualTo(ErrorCategory.THROTTLED);
        assertThat(e.getMessage()).contains("waiting for the rate budget").contains("1000 ms");
        assertThat(completed).containsExactly(Canary.service().fingerprint());
        assertThat(cancelled).isEmpty();
        assertThat(vk.getAllServeEvents()).hasSize(1);
    }

    @Test
    void batching_whenCallsShareAWindow_sendsOneExecuteAndGivesEachCallerItsOwnOutcome() {
        vk.stubFor(post("/method/execute").willReturn(okJson("{\"response\":[{\"link\":\"https://vk.me/join/AbC\"},false,4711],"
                + "\"execute_errors\":[{\"method\":\"messages.removeChatUser\",\"error_code\":935,\"error_msg\":\"User not found in chat\"}]}")));
        ApiAsyncClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl())
                .batching(Batching.within(Duration.ofMillis(300))).build()).token(Canary.community()).buildAsyncClient();

        CompletableFuture<JsonNode> link = api.call("messages.getInviteLink", Map.of("peer_id", 2000000012L));
        CompletableFuture<JsonNode> remove = api.call("messages.removeChatUser", Map.of("chat_id", 12, "user_id", 1001));
        CompletableFuture<JsonNode> send = api.call("messages.send", Map.of("peer_id", 2000000012L, "random_id", 5, "message", "Привет, \"7Б\""));

        assertThat(link.join().path("link").asString()).isEqualTo("https://vk.me/join/AbC");
        assertThat(send.join().asLong()).isEqualTo(4711);
        CompletionException failed = catchThrowableOfType(CompletionException.class, remove::join);
        assertThat(failed.getCause()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(935);
            assertThat(e.method()).contains("messages.removeChatUser");
            assertThat(e.category()).as("a chat code: typed by sdk-chat, not retried by core").isEqualTo(ErrorCategory.INVALID_INPUT);
        });
        assertThat(vk.getAllServeEvents()).hasSize(1);
        vk.verify(postRequestedFor(urlEqualTo("/method/execute")).withRequestBody(containing("code=return+%5BAPI.messages.getInviteLink%28")));
    }

    @Test
    void batching_whenTheTokenIsAServiceToken_neverWrapsCallsInExecute() {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":[{\"id\":1001,\"first_name\":\"Анна\",\"last_name\":\"П\"}]}")));
        ApiAsyncClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl())
                .batching(Batching.within(Duration.ofMillis(300))).build()).token(Canary.service()).buildAsyncClient();

        CompletableFuture<JsonNode> a = api.call("users.get", Map.of("user_ids", 1001));
        CompletableFuture<JsonNode> b = api.call("users.get", Map.of("user_ids", 1002));

        assertThat(a.join().isArray()).isTrue();
        assertThat(b.join().isArray()).isTrue();
        vk.verify(0, postRequestedFor(urlEqualTo("/method/execute")));
        vk.verify(2, postRequestedFor(urlEqualTo("/method/users.get")));
    }

    @Test
    void execute_withAServiceToken_isRefusedBeforeAnyRequest() {
        ApiClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).build()).token(Canary.service()).buildClient();

        dev.sferum.sdk.core.exception.WrongTokenKindException e = catchThrowableOfType(dev.sferum.sdk.core.exception.WrongTokenKindException.class,
                () -> api.call("execute", Map.of("code", "return 1;")));

        assertThat(e.getMessage()).contains("execute");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @Test
    void batching_whenMethodCannotRunInsideExecute_sendsItOnItsOwn() {
        vk.stubFor(post("/method/execute").willReturn(okJson("{\"response\":42}")));
        ApiClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl())
                .batching(Batching.within(Duration.ofMillis(50))).build()).token(Canary.community()).buildClient();

        JsonNode answer = api.call("execute", Map.of("code", "return 42;"));

        assertThat(answer.asInt()).isEqualTo(42);
        vk.verify(postRequestedFor(urlEqualTo("/method/execute")).withRequestBody(containing("code=return+42%3B")));
    }

    @Test
    void wrongKind_whenBatching_isStillRefusedBeforeAnyRequest() {
        ApiClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl())
                .batching(Batching.within(Duration.ofMillis(50))).build()).token(Canary.community()).buildClient();

        catchThrowableOfType(WrongTokenKindException.class, () -> api.call("calls.start", Map.of()));

        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    // ------------------------------------------------------------ against a faulty server, real time

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTenPercentFaultsIncludingDropsAfterProcessing_losesNothingAndDeliversNothingTwice(Mode mode) throws Exception {
        try (FaultyVk server = new FaultyVk(20261128).faultRate(0.10)) {
            ClientConfig cfg = ClientConfig.builder().baseUrl(server.baseUrl()).rateLimits(RateLimits.unlimited())
                    .retryPolicy(RetryPolicy.builder().maxAttempts(10).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())
                    .build();
            ApiClientBuilder builder = ApiClient.builder().config(cfg).token(Canary.community());
            ApiClient sync = builder.buildClient();
            ApiAsyncClient async = builder.buildAsyncClient();
            int messages = Boolean.getBoolean("sferum.stress") ? 10_000 : 1_000;
            AtomicLong ids = new AtomicLong(1_000_000);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                long randomId = ids.incrementAndGet();
                ApiRequest send = ApiRequest.builder("messages.send").param("peer_id", 2000000012L)
                        .param("random_id", randomId).param("message", "Домашнее задание " + i).build();
                results.add(mode == Mode.SYNC
                        ? pool.submit(() -> sync.call(send).asLong())
                        : async.call(send).thenApply(JsonNode::asLong));
            }
            for (Future<Long> r : results) {
                assertThat(r.get()).isPositive();
            }
            pool.shutdown();

            System.out.printf("reliability faults %s: %d sends, %d requests, faults 500=%d error10=%d dropBefore=%d dropAfter=%d, delivered %d%n",
                    mode, messages, server.requests(), server.faults(FaultyVk.Fault.HTTP_500), server.faults(FaultyVk.Fault.ERROR_10),
                    server.faults(FaultyVk.Fault.DROP_BEFORE), server.faults(FaultyVk.Fault.DROP_AFTER), server.deliveriesByRandomId().size());
            assertThat(server.deliveriesByRandomId()).hasSize(messages).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(server.faults(FaultyVk.Fault.DROP_AFTER)).as("faults were injected").isPositive();
            assertThat(server.faults(FaultyVk.Fault.DROP_BEFORE)).isPositive();
            assertThat(server.faults(FaultyVk.Fault.HTTP_500)).isPositive();
            assertThat(server.faults(FaultyVk.Fault.ERROR_10)).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void createChat_whenConnectionDropsAfterProcessing_failsOutcomeUnknownWithoutRepeating(Mode mode) throws Exception {
        try (FaultyVk server = new FaultyVk(1).faultRate(1.0)) {
            ApiClientBuilder builder = ApiClient.builder().config(ClientConfig.builder().baseUrl(server.baseUrl())
                    .rateLimits(RateLimits.unlimited()).build()).token(Canary.community());
            int outcomeUnknown = 0;
            for (int i = 0; i < 20; i++) {
                int before = server.requests();
                try {
                    mode.call(builder, ApiRequest.builder("messages.createChat").param("title", "7Б").build(), ResultType.json());
                } catch (OutcomeUnknownException e) {
                    outcomeUnknown++;
                    assertThat(e.category()).isEqualTo(ErrorCategory.OUTCOME_UNKNOWN);
                    assertThat(server.requests() - before).isEqualTo(1);
                } catch (SferumException e) {
                    assertThat(e.category()).isIn(ErrorCategory.TRANSIENT, ErrorCategory.OUTCOME_UNKNOWN);
                }
            }
            assertThat(outcomeUnknown).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void budget_when64ThreadsShareOneCommunityToken_serverNeverSeesMoreThan20InAnySecond(Mode mode) throws Exception {
        int calls = Boolean.getBoolean("sferum.stress") ? 2_000 : 200;
        try (FaultyVk server = new FaultyVk(3).limitPerSecond(20)) {
            ClientConfig cfg = ClientConfig.builder().baseUrl(server.baseUrl()).callTimeout(Duration.ofMinutes(5)).build();
            ApiClientBuilder builder = ApiClient.builder().config(cfg).token(Canary.community());
            ApiClient sync = builder.buildClient();
            ApiAsyncClient async = builder.buildAsyncClient();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                ApiRequest read = ApiRequest.builder("messages.getConversationsById").param("peer_ids", 2000000000L + i).build();
                results.add(mode == Mode.SYNC ? pool.submit(() -> sync.call(read)) : async.call(read));
            }
            for (Future<JsonNode> r : results) {
                r.get();
            }
            pool.shutdown();

            System.out.printf("reliability budget %s: %d calls, 64 threads, busiest sliding second %d, error 6 answers %d%n",
                    mode, calls, server.busiestSecond(), server.refusals());
            assertThat(server.refusals()).as("error 6 answers").isZero();
            assertThat(server.busiestSecond()).isLessThanOrEqualTo(20).isGreaterThanOrEqualTo(12);
            assertThat(server.requests()).isEqualTo(calls);
        }
    }
}
