package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.max.MaxWebhookReceiver;
import dev.sferum.sdk.micrometer.SferumMetrics;
import dev.sferum.sdk.micrometer.SferumObservations;
import dev.sferum.sdk.video.CallClient;
import dev.sferum.sdk.video.LessonScheduler;
import dev.sferum.sdk.video.ScheduleStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Configures sferum-java-sdk from {@link SferumProperties} ({@code sferum.*}): stores, the backend's clients, the
 * event stream with its Callback API / webhook endpoint, VK ID sign-in, the lesson scheduler, metrics, observations,
 * health and info. Every bean backs off when the application defines its own of the same type.
 *
 * <pre>{@code
 * sferum.token=${SFERUM_TOKEN}
 * sferum.group-id=123456
 *
 * @Service class Announcements {
 *     Announcements(ChatClient chats) { ... }          // the auto-configured client
 * }
 * }</pre>
 *
 * <p>Shutdown closes what the starter opened: the event stream (draining its queue), the lesson scheduler and its
 * thread, the stores' connections.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
@EnableConfigurationProperties(SferumProperties.class)
public class SferumAutoConfiguration {
    private static final String TOKEN = "sferum.token";
    private static final String BACKEND = "sferum.backend";

    /** Creates the configuration; Spring Boot does. */
    public SferumAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SferumStores sferumStores(SferumProperties properties, ObjectProvider<DataSource> dataSource, Environment env, BeanFactory beans) {
        return SferumStores.open(properties.stores(), dataSource::getIfAvailable, env, beans);
    }

    /**
     * Where the per-token rate budgets live: Redis's shared budgets with {@code sferum.stores.type=redis}, else
     * this JVM's memory. Define your own {@code RateBudgetStore} bean to replace it; the starter's clients use it.
     *
     * @param stores the opened stores
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    public RateBudgetStore sferumRateBudgetStore(SferumStores stores) {
        return stores.budgets != null ? stores.budgets : RateBudgetStore.inMemory(TimeSource.system());
    }

    @Bean
    @ConditionalOnMissingBean
    SferumBudgets sferumBudgets(RateBudgetStore store) {
        String name = switch (store.getClass().getName()) {
            case "dev.sferum.sdk.core.internal.InMemoryRateBudgets" -> "memory";
            case "dev.sferum.sdk.redis.RedisRateBudgetStore" -> "redis";
            default -> "application's " + store.getClass().getSimpleName();
        };
        return new SferumBudgets(store, name, Clock.systemUTC());
    }

    /**
     * The outbox of exactly-once sends, from {@code sferum.stores.type}.
     *
     * @param stores the opened stores
     * @return the outbox
     */
    @Bean
    @ConditionalOnMissingBean
    public MessageOutbox sferumOutbox(SferumStores stores) {
        return stores.outbox;
    }

    /**
     * Where roster sync keeps which class chat belongs to which class.
     *
     * @param stores the opened stores
     * @return the mapping store
     */
    @Bean
    @ConditionalOnMissingBean
    public ChatMappingStore sferumChatMappings(SferumStores stores) {
        return stores.mappings;
    }

    /**
     * Where the lesson scheduler keeps its timetable.
     *
     * @param stores the opened stores
     * @return the schedule store
     */
    @Bean
    @ConditionalOnMissingBean
    public ScheduleStore sferumScheduleStore(SferumStores stores) {
        return stores.schedule;
    }

    /**
     * Where VK ID grants live.
     *
     * @param stores the opened stores
     * @return the token store
     */
    @Bean
    @ConditionalOnMissingBean
    public TokenStore sferumTokenStore(SferumStores stores) {
        return stores.tokens;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(TOKEN)
    SferumClients sferumClients(SferumProperties properties, ObjectProvider<RequestListener> listeners, MessageOutbox outbox,
            SferumBudgets budgets) {
        return SferumClients.create(properties, listeners.orderedStream().toList(), outbox, budgets);
    }

    /**
     * The sync chat client of the configured backend.
     *
     * @param clients the backend's clients
     * @return the client
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(TOKEN)
    public ChatClient sferumChatClient(SferumClients clients) {
        return clients.chats();
    }

    /**
     * The async chat client, sharing the sync one's rate budget and outbox.
     *
     * @param clients the backend's clients
     * @return the client
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(TOKEN)
    public ChatAsyncClient sferumChatAsyncClient(SferumClients clients) {
        return clients.asyncChats();
    }

    /**
     * The event stream that the Callback API endpoint or the MAX webhook feeds; subscribe with
     * {@code events.onMessageNew(...)}. Closed (drained) at shutdown.
     *
     * @param stores the opened stores (their event de-duplication, if shared)
     * @param dedupe the application's own de-duplication store, if it defines one; it wins over the stores'
     * @return the stream
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public EventStream sferumEventStream(SferumStores stores, ObjectProvider<EventDedupeStore> dedupe) {
        EventStream.Builder b = EventStream.builder();
        EventDedupeStore own = dedupe.getIfAvailable();
        if (own != null) {
            b.dedupeStore(own);
        } else if (stores.dedupe != null) {
            b.dedupeStore(stores.dedupe);
        }
        return b.build();
    }

    /**
     * The VK ID client, when {@code sferum.vkid.client-id} is set.
     *
     * @param properties the settings
     * @param tokens where grants live
     * @return the client
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("sferum.vkid.client-id")
    public VkIdClient sferumVkIdClient(SferumProperties properties, TokenStore tokens) {
        return SferumClients.vkId(properties, tokens);
    }

    /** The VK backend's beans: the raw API clients, the Callback API receiver and the lesson scheduler. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = BACKEND, havingValue = "vk", matchIfMissing = true)
    static class Vk {
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(TOKEN)
        ApiClient sferumApiClient(SferumClients clients) {
            return clients.api();
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(TOKEN)
        ApiAsyncClient sferumApiAsyncClient(SferumClients clients) {
            return clients.asyncApi();
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "sferum.callback.enabled", havingValue = "true")
        CallbackReceiver sferumCallbackReceiver(SferumProperties properties, EventStream events, ObjectProvider<ApiClient> api) {
            CallbackReceiver.Builder b = CallbackReceiver.builder().groupId(properties.groupId());
            if (SferumProperties.hasText(properties.callback().confirmation())) {
                b.confirmation(Secret.of(properties.callback().confirmation()));
            } else {
                b.confirmation(() -> SferumClients.confirmationCode(api.getObject(), properties.groupId()));
            }
            if (SferumProperties.hasText(properties.callback().secret())) {
                b.secret(Secret.of(properties.callback().secret()));
            }
            return b.build(events);
        }

        @Bean(name = "sferumLessonTasks")
        @ConditionalOnMissingBean(value = LessonScheduler.class, name = "sferumLessonTasks")
        @ConditionalOnProperty({TOKEN, "sferum.lessons.teacher-token"})
        ThreadPoolTaskScheduler sferumLessonTasks() {
            ThreadPoolTaskScheduler tasks = new ThreadPoolTaskScheduler();
            tasks.setPoolSize(1);
            tasks.setThreadNamePrefix("sferum-lessons-");
            tasks.setWaitForTasksToCompleteOnShutdown(true);
            tasks.setAwaitTerminationSeconds(10);
            return tasks;
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean({LessonScheduler.class, SferumClients.Teacher.class})
        @ConditionalOnProperty({TOKEN, "sferum.lessons.teacher-token"})
        SferumClients.Teacher sferumTeacherClient(SferumProperties properties, ObjectProvider<RequestListener> listeners,
                SferumBudgets budgets) {
            return new SferumClients.Teacher(properties, listeners.orderedStream().toList(), budgets);
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        @ConditionalOnProperty({TOKEN, "sferum.lessons.teacher-token"})
        LessonScheduler sferumLessonScheduler(SferumProperties properties, ChatClient chats, ScheduleStore store,
                SferumClients.Teacher teacher,
                @org.springframework.beans.factory.annotation.Qualifier("sferumLessonTasks") ThreadPoolTaskScheduler tasks) {
            LessonScheduler lessons = LessonScheduler.builder().calls(CallClient.vk(teacher.api)).chats(chats).groupId(properties.groupId())
                    .store(store).zone(properties.lessons().zone()).leadTime(properties.lessons().leadTime()).build();
            lessons.start(tasks.getScheduledExecutor());
            return lessons;
        }
    }

    /** The MAX backend's webhook receiver. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = BACKEND, havingValue = "max")
    static class Max {
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty("sferum.webhook.secret")
        MaxWebhookReceiver sferumMaxWebhookReceiver(SferumProperties properties, EventStream events) {
            return MaxWebhookReceiver.builder().secret(Secret.of(properties.webhook().secret())).botId(properties.botId()).build(events);
        }
    }

    /** The HTTP endpoints, as Spring MVC functional routes on the paths from the properties. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(RouterFunction.class)
    static class Web {
        @Bean
        @ConditionalOnMissingBean(name = "sferumEventRoutes")
        RouterFunction<ServerResponse> sferumEventRoutes(SferumProperties properties, ObjectProvider<CallbackReceiver> vk,
                ObjectProvider<MaxWebhookReceiver> max, ObjectProvider<VkIdClient> vkid, ApplicationEventPublisher events) {
            return SferumRoutes.routes(properties, vk.getIfAvailable(), max.getIfAvailable(), vkid.getIfAvailable(), events);
        }
    }

    /** Meters of every call, and gauges of the outbox and the event queue, when the application has a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({SferumMetrics.class, MeterRegistry.class})
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnProperty(name = "sferum.metrics.enabled", matchIfMissing = true)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        SferumMetrics sferumMetrics(MeterRegistry registry, SferumProperties properties) {
            return SferumMetrics.builder(registry).percentileHistogram(properties.metrics().percentileHistogram()).build();
        }

        @Bean
        @ConditionalOnMissingBean(name = "sferumGauges")
        MeterBinder sferumGauges(ObjectProvider<MessageOutbox> outbox, ObjectProvider<EventStream> events) {
            return registry -> {
                outbox.ifAvailable(o -> SferumMetrics.monitorOutbox(registry, o, "sferum"));
                events.ifAvailable(e -> SferumMetrics.monitorEvents(registry, e, "sferum"));
            };
        }
    }

    /** One observation (a span, with a tracing bridge) per call, when the application has an observation registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({SferumObservations.class, ObservationRegistry.class})
    @ConditionalOnBean(ObservationRegistry.class)
    static class Observations {
        @Bean
        @ConditionalOnMissingBean
        SferumObservations sferumObservations(ObservationRegistry registry) {
            return SferumObservations.of(registry);
        }
    }

    /** The Actuator health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "sferumHealthIndicator")
        SferumHealthIndicator sferumHealthIndicator(SferumProperties properties, ObjectProvider<ChatClient> chats, SferumStores stores,
                ObjectProvider<MessageOutbox> outbox, SferumBudgets budgets) {
            return new SferumHealthIndicator(properties, chats.getIfAvailable(), stores, outbox.getIfAvailable(), budgets, Clock.systemUTC());
        }
    }

    /** The Actuator info contributor. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class Info {
        @Bean
        @ConditionalOnMissingBean(name = "sferumInfoContributor")
        InfoContributor sferumInfoContributor(SferumProperties properties, ObjectProvider<SferumClients> clients, SferumStores stores) {
            return new SferumInfoContributor(properties, clients.getIfAvailable(), stores);
        }
    }
}
