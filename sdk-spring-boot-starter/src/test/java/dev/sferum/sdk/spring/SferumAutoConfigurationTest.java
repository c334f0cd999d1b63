package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.max.MaxWebhookReceiver;
import dev.sferum.sdk.micrometer.SferumMetrics;
import dev.sferum.sdk.micrometer.SferumObservations;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.testsupport.Secrets;
import dev.sferum.sdk.video.LessonScheduler;
import dev.sferum.sdk.video.ScheduleStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The auto-configuration without a web server, against the testkit's fakes: beans present, beans backing off,
 * properties bound and checked, metrics and health after calls, shutdown.
 */
class SferumAutoConfigurationTest {
    private static FakeVk fake;
    private static FakeCommunity school;
    private static FakeUser teacher;
    private static FakeChat chat;

    @BeforeAll
    static void startFake() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        teacher = fake.createUser("Анна", "Петрова");
        school = fake.createCommunity("Школа №1", teacher);
        chat = fake.createChat(school.ownerId(), "5А", teacher);
        Secrets.register(school.token().value());
        Secrets.register(fake.userToken(teacher).value());
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SferumAutoConfiguration.class));

    private ApplicationContextRunner vk() {
        return runner.withPropertyValues("sferum.base-url=" + fake.baseUri(), "sferum.insecure-http-allowed=true",
                "sferum.token=" + school.token().value(), "sferum.group-id=" + school.id());
    }

    @Test
    void context_withAVkToken_hasEveryClientStoreAndTheEventStream() {
        vk().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ApiClient.class).hasSingleBean(ApiAsyncClient.class)
                    .hasSingleBean(ChatClient.class).hasSingleBean(ChatAsyncClient.class).hasSingleBean(EventStream.class)
                    .hasSingleBean(MessageOutbox.class).hasSingleBean(ChatMappingStore.class).hasSingleBean(ScheduleStore.class)
                    .hasSingleBean(TokenStore.class).hasSingleBean(SferumHealthIndicator.class)
                    .doesNotHaveBean(VkIdClient.class).doesNotHaveBean(CallbackReceiver.class).doesNotHaveBean(LessonScheduler.class)
                    .doesNotHaveBean(MaxWebhookReceiver.class).doesNotHaveBean(SferumMetrics.class);

            ChatClient chats = context.getBean(ChatClient.class);
            chats.send(r -> r.peer(PeerId.chat(chat.chatIdFor(school.ownerId()))).text("Урок перенесён на 10:00"));
            assertThat(fake.messagesIn(chat)).extracting(dev.sferum.sdk.testkit.FakeMessage::text).contains("Урок перенесён на 10:00");
            assertThat(context.getBean(ChatAsyncClient.class).outbox()).as("one outbox for both clients")
                    .isSameAs(chats.outbox()).isSameAs(context.getBean(MessageOutbox.class));
        });
    }

    @Test
    void context_withOptionalParts_addsVkIdCallbackAndLessons() {
        vk().withPropertyValues("sferum.vkid.client-id=51234567", "sferum.vkid.redirect-uri=https://school.example/sferum/vkid/callback",
                "sferum.vkid.id-base-url=" + fake.baseUri(), "sferum.vkid.oauth-base-url=" + fake.baseUri(),
                "sferum.callback.enabled=true", "sferum.callback.secret=s3cr3t-CANARY",
                "sferum.lessons.teacher-token=" + fake.userToken(teacher).value()).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(VkIdClient.class).hasSingleBean(CallbackReceiver.class)
                            .hasSingleBean(LessonScheduler.class).hasBean("sferumLessonTasks");
                    assertThat(context.getBean(CallbackReceiver.class).groupId()).isEqualTo(school.id());
                });
    }

    @Test
    void context_whenTheApplicationDefinesItsOwnBeans_backsOff() {
        MessageOutbox mine = MessageOutbox.inMemory();
        EventStream myEvents = EventStream.builder().build();
        vk().withBean(MessageOutbox.class, () -> mine).withBean("myEvents", EventStream.class, () -> myEvents)
                .withBean("myChats", ChatClient.class, () -> new OwnChats().chats(mine)).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MessageOutbox.class).hasSingleBean(EventStream.class)
                            .hasSingleBean(ChatClient.class);
                    assertThat(context.getBean(MessageOutbox.class)).isSameAs(mine);
                    assertThat(context.getBean(EventStream.class)).isSameAs(myEvents);
                    assertThat(context).getBean("myChats").isSameAs(context.getBean(ChatClient.class));
                    assertThat(context.getBean(ChatAsyncClient.class).outbox()).as("our async client uses the application's outbox")
                            .isSameAs(mine);
                });
    }

    @Test
    void context_withoutAToken_hasStoresAndEventsButNoClient() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EventStream.class).hasSingleBean(MessageOutbox.class)
                    .doesNotHaveBean(ChatClient.class).doesNotHaveBean(ApiClient.class);
            Health health = context.getBean(SferumHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("token")).isEqualTo(Map.of("state", "not configured"));
        });
    }

    @Test
    void context_onMax_hasMaxChatsAndTheWebhookButNoVkApiClient() {
        try (FakeMax max = FakeMax.builder().rateLimitsEnabled(false).start()) {
            FakeMaxBot bot = max.createBot("Школьный бот");
            Secrets.register(bot.token());
            runner.withPropertyValues("sferum.backend=max", "sferum.base-url=" + max.baseUri(), "sferum.insecure-http-allowed=true",
                    "sferum.token=" + bot.token(), "sferum.bot-id=" + bot.id(), "sferum.webhook.secret=hook-CANARY").run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(ChatClient.class).hasSingleBean(MaxWebhookReceiver.class)
                                .doesNotHaveBean(ApiClient.class).doesNotHaveBean(CallbackReceiver.class);
                        assertThat(context.getBean(ChatClient.class).capabilities().canCreateChats()).isFalse();
                    });
        }
    }

    @Test
    void startup_whenTheGroupIdIsMissing_failsNamingThePropertyAndTheFix() {
        runner.withPropertyValues("sferum.token=" + school.token().value()).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("sferum.group-id").contains("set sferum.group-id");
        });
    }

    @Test
    void startup_whenAValueIsWrong_failsNamingTheProperty() {
        runner.withPropertyValues("sferum.backend=telegram").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("sferum.backend").contains("telegram");
        });
        runner.withPropertyValues("sferum.rate-limit=-3").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.rate-limit").contains("-3"));
        runner.withPropertyValues("sferum.base-url=http://api.vk.com").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.base-url").contains("sferum.insecure-http-allowed=true"));
        runner.withPropertyValues("sferum.stores.type=jdbc").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.stores.type=jdbc").contains("DataSource"));
        runner.withPropertyValues("sferum.callback.enabled=true", "sferum.callback.confirmation=abc123").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.callback.secret").contains("Callback API settings"));
        runner.withPropertyValues("sferum.stores.nodes=0").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.stores.nodes").contains("number of application nodes"));
        runner.withPropertyValues("sferum.connect-timeout=soon").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.connect-timeout").contains("soon"));
        runner.withPropertyValues("sferum.backend=max", "sferum.callback.enabled=true").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("sferum.callback.enabled").contains("sferum.webhook.secret"));
    }

    @Test
    void metadata_forIdeCompletion_describesEveryProperty() throws Exception {
        // Spring Boot's own jars carry a file of the same name, and the class path order differs between JDKs:
        // read the one next to the starter's classes.
        String ours = SferumProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
        java.net.URL metadata = java.util.Collections.list(SferumProperties.class.getClassLoader()
                        .getResources("META-INF/spring-configuration-metadata.json")).stream()
                .filter(url -> url.toString().contains(ours))
                .findFirst().orElse(null);
        assertThat(metadata).as("generated by spring-boot-configuration-processor").isNotNull();
        String json;
        try (var in = metadata.openStream()) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        tools.jackson.databind.JsonNode properties = new tools.jackson.databind.ObjectMapper().readTree(json).path("properties");
        List<String> names = new java.util.ArrayList<>();
        properties.forEach(p -> {
            names.add(p.path("name").asString());
            assertThat(p.path("description").asString()).as(p.path("name").asString()).isNotBlank();
        });
        assertThat(names).contains("sferum.backend", "sferum.token", "sferum.group-id", "sferum.stores.type", "sferum.stores.redis-url",
                "sferum.stores.table-prefix", "sferum.stores.key-prefix", "sferum.callback.secret", "sferum.webhook.secret",
                "sferum.health.cache-for", "sferum.metrics.percentile-histogram");
    }

    @Test
    void properties_toString_showsNoSecret() {
        vk().withPropertyValues("sferum.callback.enabled=true", "sferum.callback.secret=callback-CANARY",
                "sferum.lessons.teacher-token=" + fake.userToken(teacher).value()).run(context -> {
                    String text = context.getBean(SferumProperties.class).toString();
                    assertThat(text).doesNotContain(school.token().value()).doesNotContain("callback-CANARY")
                            .doesNotContain(fake.userToken(teacher).value()).contains("token=<redacted>");
                });
    }

    @Test
    void stores_whenFile_keepTheOutboxInTheDirectory(@TempDir Path dir) {
        vk().withPropertyValues("sferum.stores.type=file", "sferum.stores.directory=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(ChatClient.class).send(r -> r.peer(PeerId.chat(chat.chatIdFor(school.ownerId()))).text("Завтра уроки с 9:00"));
            Health health = context.getBean(SferumHealthIndicator.class).health();
            assertThat(health.getDetails().get("store"))
                    .isEqualTo(Map.of("type", "file", "directory", dir.toString(), "pendingMessages", 0, "reachable", true));
        });
        assertThat(Files.exists(dir.resolve("outbox.json"))).isTrue();
    }

    @Test
    void metrics_whenTheApplicationHasARegistry_recordCallsThroughFaultsWithLowCardinalityTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        vk().withBean(MeterRegistry.class, () -> registry).withBean(ObservationRegistry.class, ObservationRegistry::create)
                .run(context -> {
                    assertThat(context).hasSingleBean(SferumMetrics.class).hasSingleBean(SferumObservations.class);
                    fake.faults().failNext("messages.send", 1, 10);
                    context.getBean(ChatClient.class).send(r -> r.peer(PeerId.chat(chat.chatIdFor(school.ownerId()))).text("Родительское собрание в 18:00"));
                    context.getBeansOfType(io.micrometer.core.instrument.binder.MeterBinder.class).values().forEach(b -> b.bindTo(registry));

                    assertThat(registry.get(SferumMetrics.CALLS).tags("backend", "vk", "method", "messages.send", "outcome", "success")
                            .timer().count()).isEqualTo(1);
                    assertThat(registry.get(SferumMetrics.RETRIES).tags("method", "messages.send", "cause", "transient").counter().count())
                            .isEqualTo(1);
                    assertThat(registry.get(SferumMetrics.OUTBOX_PENDING).gauge().value()).isZero();
                    assertThat(registry.get(SferumMetrics.EVENTS_QUEUED).gauge().value()).isZero();
                    registry.getMeters().forEach(m -> assertThat(m.getId().getTags()).extracting(Tag::getValue)
                            .noneMatch(v -> v.contains(school.token().fingerprint()) || v.contains(Long.toString(chat.peerIdFor(school.ownerId())))));
                });
    }

    @Test
    void health_whenTheFakeRejectsTheToken_isDown() {
        FakeUser someone = fake.createUser("Пётр", "Смирнов");
        FakeCommunity other = fake.createCommunity("Школа №2", someone);
        Secrets.register(other.token().value());
        runner.withPropertyValues("sferum.base-url=" + fake.baseUri(), "sferum.insecure-http-allowed=true",
                "sferum.token=" + other.token().value(), "sferum.group-id=" + other.id()).run(context -> {
                    SferumHealthIndicator indicator = context.getBean(SferumHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    fake.revoke(other.token());
                    SferumHealthIndicator fresh = new SferumHealthIndicator(context.getBean(SferumProperties.class),
                            context.getBean(ChatClient.class), context.getBean(SferumStores.class), context.getBean(MessageOutbox.class),
                            context.getBean(SferumBudgets.class), java.time.Clock.systemUTC());
                    Health down = fresh.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails().get("token")).asString().contains("rejected").contains("TOKEN")
                            .doesNotContain(other.token().value());
                    assertThat(indicator.health().getStatus()).as("within sferum.health.cache-for the last answer stands")
                            .isEqualTo(Status.UP);
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void health_showsTheLiveBudget_waitsAndTheServersRefusal() {
        vk().withPropertyValues("sferum.rate-limit=1", "sferum.health.check-token=false").run(context -> {
            SferumHealthIndicator indicator = context.getBean(SferumHealthIndicator.class);
            Map<String, Object> before = (Map<String, Object>) ((Map<String, Object>) indicator.health().getDetails().get("budget")).get("chats");
            assertThat(before).containsEntry("state", "no call yet").containsEntry("perWindow", 1).containsEntry("waits", 0L);

            ChatClient chats = context.getBean(ChatClient.class);
            for (String text : new String[] {"Урок 1", "Урок 2"}) {
                chats.send(r -> r.peer(PeerId.chat(chat.chatIdFor(school.ownerId()))).text(text));
            }
            Map<String, Object> busy = (Map<String, Object>) ((Map<String, Object>) indicator.health().getDetails().get("budget")).get("chats");
            assertThat(busy).containsEntry("store", "memory").containsEntry("limitNow", 1).containsEntry("refusedByServer", 0L)
                    .containsKey("lastWaitMillis").containsKey("lastWaitAt");
            assertThat((Long) busy.get("waits")).as("at one call per second the second send waited").isPositive();
        });
        vk().withPropertyValues("sferum.rate-limit=8").run(context -> {
            // One refusal is no evidence the budget is too high; three in a round are (RateLimits' refusal threshold).
            for (int i = 0; i < 3; i++) {
                fake.faults().failNext("messages.send", 1, 6);
                context.getBean(ChatClient.class).send(r -> r.peer(PeerId.chat(chat.chatIdFor(school.ownerId()))).text("Собрание в 18:00"));
            }
            Health health = context.getBean(SferumHealthIndicator.class).health();
            Map<String, Object> chats = (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("budget")).get("chats");
            assertThat(chats).containsEntry("refusedByServer", 3L).containsKey("lastRefusedAt");
            assertThat((Integer) chats.get("limitNow")).as("halved to 4 at the cut, growing back one per second since").isBetween(4, 7);
            assertThat(chats.get("state")).as("blocked for a window after VK's sustained error 6, then growing back").isIn("blocked", "recovering");
            assertThat(health.getStatus()).as("a budget at work is not a failure").isEqualTo(Status.UP);
            assertThat(health.toString()).doesNotContain(school.token().fingerprint()).doesNotContain(school.token().value());
        });
    }

    @Test
    void context_whenTheApplicationDefinesEveryBean_backsOffForEach() {
        MessageOutbox outbox = MessageOutbox.inMemory();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        ScheduleStore schedule = ScheduleStore.inMemory();
        TokenStore tokens = new dev.sferum.sdk.auth.InMemoryTokenStore();
        dev.sferum.sdk.core.RateBudgetStore budgets = dev.sferum.sdk.core.RateBudgetStore.inMemory(dev.sferum.sdk.core.TimeSource.system());
        ApiClient api = new OwnChats().api();
        ApiAsyncClient asyncApi = ApiClient.builder().config(dev.sferum.sdk.core.ClientConfig.builder().baseUri(fake.baseUri()).build())
                .token(dev.sferum.sdk.core.AccessToken.community(school.token().value(), school.id())).buildAsyncClient();
        ChatClient chats = new OwnChats().chats(outbox);
        ChatAsyncClient asyncChats = dev.sferum.sdk.vk.VkChats.builder().actor(dev.sferum.sdk.vk.ChatActor.community(school.id()))
                .outbox(outbox).buildAsyncClient(asyncApi);
        EventStream events = EventStream.builder().build();
        LessonScheduler lessons = LessonScheduler.builder().calls(dev.sferum.sdk.video.CallClient.vk(api)).chats(chats)
                .groupId(school.id()).store(schedule).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SferumMetrics metrics = SferumMetrics.builder(registry).build();
        SferumObservations observations = SferumObservations.of(ObservationRegistry.create());
        vk().withPropertyValues("sferum.lessons.teacher-token=" + fake.userToken(teacher).value(),
                        "sferum.vkid.client-id=51234567", "sferum.vkid.redirect-uri=https://school.example/sferum/vkid/callback",
                        "sferum.callback.enabled=true", "sferum.callback.confirmation=abc123", "sferum.callback.secret=cb-secret-CANARY")
                .withBean(MeterRegistry.class, () -> registry).withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withBean(MessageOutbox.class, () -> outbox).withBean(ChatMappingStore.class, () -> mappings)
                .withBean(ScheduleStore.class, () -> schedule).withBean(TokenStore.class, () -> tokens)
                .withBean(dev.sferum.sdk.core.RateBudgetStore.class, () -> budgets)
                .withBean(ApiClient.class, () -> api).withBean(ApiAsyncClient.class, () -> asyncApi)
                .withBean(ChatClient.class, () -> chats).withBean(ChatAsyncClient.class, () -> asyncChats)
                .withBean(EventStream.class, () -> events).withBean(LessonScheduler.class, () -> lessons)
                .withBean(VkIdClient.class, () -> VkIdClient.builder().config(dev.sferum.sdk.auth.VkIdConfig.builder().clientId(51234567)
                        .redirectUri("https://school.example/sferum/vkid/callback").build()).tokenStore(tokens).buildClient())
                .withBean(CallbackReceiver.class, () -> CallbackReceiver.builder().groupId(school.id())
                        .confirmation(dev.sferum.sdk.core.Secret.of("abc123")).secret(dev.sferum.sdk.core.Secret.of("cb-secret-CANARY")).build(events))
                .withBean(SferumMetrics.class, () -> metrics).withBean(SferumObservations.class, () -> observations)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    for (Class<?> type : List.of(MessageOutbox.class, ChatMappingStore.class, ScheduleStore.class, TokenStore.class,
                            dev.sferum.sdk.core.RateBudgetStore.class, ApiClient.class, ApiAsyncClient.class, ChatClient.class,
                            ChatAsyncClient.class, EventStream.class, LessonScheduler.class, VkIdClient.class, CallbackReceiver.class,
                            SferumMetrics.class, SferumObservations.class)) {
                        assertThat(context).as(type.getSimpleName()).hasSingleBean(type);
                    }
                    assertThat(context.getBean(ChatClient.class)).isSameAs(chats);
                    assertThat(context.getBean(LessonScheduler.class)).isSameAs(lessons);
                    assertThat(context.getBean(SferumMetrics.class)).isSameAs(metrics);
                    assertThat(context).as("no scheduler thread or teacher client for a scheduler the application brought")
                            .doesNotHaveBean("sferumLessonTasks").doesNotHaveBean(SferumClients.Teacher.class);
                });
        api.close();
        asyncApi.close();
    }

    @Test
    void shutdown_closesTheEventStreamAndTheLessonScheduler() {
        EventStream[] events = new EventStream[1];
        org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler[] tasks = new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler[1];
        ApiAsyncClient[] api = new ApiAsyncClient[1];
        vk().withPropertyValues("sferum.lessons.teacher-token=" + fake.userToken(teacher).value()).run(context -> {
            events[0] = context.getBean(EventStream.class);
            tasks[0] = context.getBean("sferumLessonTasks", org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler.class);
            api[0] = context.getBean(ApiAsyncClient.class);
            assertThat(events[0].isClosed()).isFalse();
            assertThat(tasks[0].getScheduledExecutor().isShutdown()).isFalse();
            assertThat(api[0].call("groups.getCallbackConfirmationCode", Map.of("group_id", school.id())).join().path("code").isMissingNode()).isFalse();
        });
        assertThat(events[0].isClosed()).isTrue();
        assertThat(tasks[0].getScheduledExecutor().isShutdown()).isTrue();
        assertThat(catchThrowable(() -> api[0].call("groups.getCallbackConfirmationCode", Map.of("group_id", school.id())).join()))
                .as("the client's own threads ended with the context").hasStackTraceContaining("its client was closed");
    }

    @Test
    void logs_afterEveryContextHere_holdNoTokenOrSecret() {
        vk().withPropertyValues("sferum.callback.enabled=true", "sferum.callback.secret=callback-CANARY").run(context ->
                assertThat(context).hasNotFailed());
        runner.withPropertyValues("sferum.token=" + school.token().value()).run(context -> assertThat(context).hasFailed());
        assertThat(CapturedLogs.lines()).noneMatch(l -> l.contains(school.token().value()) || l.contains("callback-CANARY"));
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** A ChatClient of the application's own, built without the starter. */
    private static final class OwnChats {
        ApiClient api() {
            return ApiClient.builder().config(dev.sferum.sdk.core.ClientConfig.builder().baseUri(fake.baseUri()).build())
                    .token(dev.sferum.sdk.core.AccessToken.community(school.token().value(), school.id())).buildClient();
        }

        ChatClient chats(MessageOutbox outbox) {
            return dev.sferum.sdk.vk.VkChats.builder().actor(dev.sferum.sdk.vk.ChatActor.community(school.id())).outbox(outbox)
                    .buildClient(api());
        }
    }
}
