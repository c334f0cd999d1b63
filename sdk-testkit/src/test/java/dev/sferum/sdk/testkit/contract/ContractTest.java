package dev.sferum.sdk.testkit.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeOAuth;
import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract tests that keep the fake honest: every scenario runs against WireMock stubs that serve recorded-shape
 * VK answers and against the fake. Both must satisfy VK's schema, WireMock must have matched the exact
 * recorded requests, and the fake's answers must carry every field the recorded ones carry, with the same JSON
 * type, status and error code.
 */
class ContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final URI CALLBACK = URI.create("https://school.example/vkid/callback");
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final VkSchema SCHEMA = new VkSchema();
    private static WireMockServer wireMock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    static List<Scenarios.Scenario> scenarios() {
        return Scenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario_whenRunOnWireMockAndFake_expectedSchemaValidAndSameShapes(Scenarios.Scenario scenario) {
        List<Answer> recorded = recorded(scenario);
        Map<String, String> recordedFixtures = recordedFixtures();

        List<Answer> fromWireMock = runOnWireMock(scenario, recorded, recordedFixtures);
        List<Answer> fromFake;
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            fromFake = run(scenario, fake.baseUri(), fakeFixtures(fake));
        }

        assertThat(fromWireMock).as("WireMock served every recorded answer for the recorded requests")
                .isEqualTo(recorded);
        for (int i = 0; i < recorded.size(); i++) {
            Scenarios.Step step = scenario.steps().get(i);
            Answer expected = recorded.get(i);
            Answer actual = fromFake.get(i);
            String where = scenario.name() + "/" + step.name();
            assertThat(actual.status()).as("%s: HTTP status (fake answered %s)", where, actual.body())
                    .isEqualTo(expected.status());
            assertThat(problems(step, expected.body())).as("%s: recorded answer vs VK schema", where).isEmpty();
            assertThat(problems(step, actual.body())).as("%s: fake answer %s vs VK schema", where, actual.body())
                    .isEmpty();
            assertThat(VkSchema.missingShape(expected.body(), actual.body()))
                    .as("%s: fields of the recorded answer missing or of another type in the fake's %s", where,
                            actual.body())
                    .isEmpty();
            assertThat(actual.body().at("/error/error_code").asInt(0))
                    .as("%s: VK error code", where).isEqualTo(expected.body().at("/error/error_code").asInt(0));
            if (expected.body().path("error").isString()) {
                assertThat(actual.body().path("error").asString()).as("%s: OAuth error", where)
                        .isEqualTo(expected.body().path("error").asString());
            }
        }
    }

    // ---------------------------------------------------------------- targets

    private static Map<String, String> recordedFixtures() {
        Map<String, String> f = new HashMap<>();
        f.put("communityToken", "vk1.a.recorded-community-token");
        f.put("userToken", "vk1.a.recorded-user-token");
        f.put("serviceToken", "recorded-service-token");
        f.put("teacherId", "1001");
        f.put("pupilId", "1002");
        f.put("parentId", "1003");
        f.put("groupId", "123456");
        f.put("callbackUrl", "https://school.example/vk/callback");
        f.put("code", "recorded-code");
        f.put("verifier", VERIFIER);
        f.put("clientId", "51234567");
        f.put("deviceId", "recorded-device");
        f.put("redirectUri", CALLBACK.toString());
        f.put("clientSecret", "recorded-secret");
        return f;
    }

    private static Map<String, String> fakeFixtures(FakeVk fake) {
        FakeUser teacher = fake.createUser("Анна", "Петрова");
        FakeUser pupil = fake.createUser("Иван", "Сидоров");
        FakeUser parent = fake.createUser("Мария", "Сидорова");
        FakeCommunity school = fake.createCommunity("Школа №1", teacher);
        FakeOAuthClient app = fake.oauth().registerClient(CALLBACK);
        URI back = fake.oauth().authorize(teacher, app, CALLBACK, "STATE", FakeOAuth.codeChallenge(VERIFIER), "email");
        Map<String, String> query = new HashMap<>();
        for (String pair : back.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        Map<String, String> f = new HashMap<>();
        f.put("communityToken", school.token().value());
        f.put("userToken", fake.userToken(teacher).value());
        f.put("serviceToken", fake.serviceToken(app.clientId()).value());
        f.put("teacherId", String.valueOf(teacher.id()));
        f.put("pupilId", String.valueOf(pupil.id()));
        f.put("parentId", String.valueOf(parent.id()));
        f.put("groupId", String.valueOf(school.id()));
        f.put("callbackUrl", "http://127.0.0.1:9/vk");
        f.put("code", query.get("code"));
        f.put("verifier", VERIFIER);
        f.put("clientId", String.valueOf(app.clientId()));
        f.put("deviceId", query.get("device_id"));
        f.put("redirectUri", CALLBACK.toString());
        f.put("clientSecret", app.clientSecret());
        return f;
    }

    private List<Answer> runOnWireMock(Scenarios.Scenario scenario, List<Answer> recorded, Map<String, String> fixtures) {
        wireMock.resetAll();
        List<Answer> answersSoFar = new ArrayList<>();
        Scenarios.Context context = context(fixtures, answersSoFar);
        for (int i = 0; i < scenario.steps().size(); i++) {
            Scenarios.Step step = scenario.steps().get(i);
            Map<String, String> params = step.params().apply(context);
            MappingBuilder stub = (step.httpMethod().equals("GET") ? get(urlPathEqualTo("/" + step.path()))
                    : post(urlPathEqualTo("/" + step.path())))
                    .inScenario(scenario.name())
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
                    .willSetStateTo("after-" + (i + 1));
            params.forEach((k, v) -> {
                if (step.httpMethod().equals("GET")) {
                    stub.withQueryParam(k, equalTo(v));
                } else {
                    stub.withFormParam(k, equalTo(v));
                }
            });
            Answer answer = recorded.get(i);
            wireMock.stubFor(stub.willReturn(aResponse().withStatus(answer.status())
                    .withHeader("Content-Type", "application/json; charset=utf-8").withBody(answer.body().toString())));
            answersSoFar.add(answer);
        }
        URI base = URI.create(wireMock.baseUrl() + "/");
        return run(scenario, base, fixtures);
    }

    private List<Answer> run(Scenarios.Scenario scenario, URI base, Map<String, String> fixtures) {
        List<Answer> answers = new ArrayList<>();
        Scenarios.Context context = context(fixtures, answers);
        for (Scenarios.Step step : scenario.steps()) {
            String form = step.params().apply(context).entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            HttpRequest.Builder request;
            if (step.httpMethod().equals("GET")) {
                request = HttpRequest.newBuilder(base.resolve(step.path() + "?" + form)).GET();
            } else {
                request = HttpRequest.newBuilder(base.resolve(step.path()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form));
            }
            if (step.token() != null) {
                request.header("Authorization", "Bearer " + fixtures.get(step.token()));
            }
            try {
                HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(response.statusCode(), JSON.readTree(response.body())));
            } catch (IOException e) {
                throw new UncheckedIOException(scenario.name() + "/" + step.name(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return answers;
    }

    private static Scenarios.Context context(Map<String, String> fixtures, List<Answer> answers) {
        return new Scenarios.Context() {
            @Override
            public String fixture(String key) {
                String value = fixtures.get(key);
                if (value == null) {
                    throw new IllegalArgumentException("no fixture " + key);
                }
                return value;
            }

            @Override
            public JsonNode answer(int step) {
                return answers.get(step).body();
            }
        };
    }

    private static List<Answer> recorded(Scenarios.Scenario scenario) {
        return scenario.steps().stream()
                .map(step -> Answer.recorded("contract/" + scenario.name() + "/" + step.name() + ".json")).toList();
    }

    // ---------------------------------------------------------------- checks

    /** Schema problems of a body: the step's definition, or VK's error structure for error envelopes. */
    private static List<String> problems(Scenarios.Step step, JsonNode body) {
        if (body.path("error").isObject()) {
            List<String> problems = new ArrayList<>();
            JsonNode error = body.get("error");
            if (!error.path("error_code").isIntegralNumber()) {
                problems.add("error.error_code is not an integer");
            }
            if (!error.path("error_msg").isString()) {
                problems.add("error.error_msg is not a string");
            }
            int i = 0;
            for (JsonNode param : error.path("request_params")) {
                String at = "request_params[" + i++ + "]";
                SCHEMA.validate(param, "base/objects.json#/definitions/base_request_param")
                        .forEach(p -> problems.add(at + p));
            }
            if (i == 0) {
                problems.add("error.request_params is missing or empty");
            }
            return problems;
        }
        return step.schemaRef() == null ? List.of() : SCHEMA.validate(body, step.schemaRef());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
