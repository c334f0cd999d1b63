package dev.sferum.sdk.vk.roster;

import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.*;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * When roster sync stops, and what a restart does: a service answering 503 to everything opens the circuit within a
 * bounded number of calls and the apply returns "stopped", a re-run after it recovers finishes; a token VK refuses
 * stops at once; a deadline stops the apply; and a process killed at random calls during apply and broadcast (through
 * faults), restarted as a new SDK instance on the same state files, ends with every chat once and every message once.
 */
class RosterStopsTest {
    @TempDir
    Path dir;

    private FakeVk fake;
    private FakeCommunity school;
    private List<RosterClass> classes;

    @BeforeEach
    void open() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        FakeUser director = fake.createUser("Ирина", "Смирнова");
        school = fake.createCommunity("Школа №1", director);
        classes = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            List<UserId> people = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                people.add(UserId.of(fake.createUser("У" + p, "Класс" + c).id()));
            }
            classes.add(new RosterClass("c" + c, "Класс " + c, people.subList(0, 1), people.subList(1, 4), List.of()));
        }
    }

    @AfterEach
    void close() {
        fake.close();
    }

    private ChatClient client(MessageOutbox outbox) {
        ClientConfig config = ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited())
                .retryPolicy(RosterFaultsTest.QUICK).timeSource(new FakeTimeSource()).build();
        AccessToken token = AccessToken.community(Canary.register(school.token().value()), school.id());
        return VkChats.builder().actor(ChatActor.community(school.id())).outbox(outbox)
                .buildClient(ApiClient.builder().config(config).token(token).buildClient());
    }

    private RosterSync sync(ChatClient chats, ChatMappingStore mappings, RosterSyncConfig.Builder config) {
        return RosterSync.builder().chats(chats).mappings(mappings).config(config.build()).timeSource(new FakeTimeSource()).build();
    }

    private void assertEveryClassHasOneFullChat() {
        Map<String, List<FakeChat>> byTitle = fake.chats().stream().collect(Collectors.groupingBy(FakeChat::title));
        assertThat(byTitle).hasSize(classes.size());
        for (RosterClass c : classes) {
            assertThat(byTitle.get(c.title())).as(c.title()).hasSize(1);
            Set<UserId> in = new HashSet<>();
            byTitle.get(c.title()).get(0).memberIds().stream().filter(id -> id > 0).forEach(id -> in.add(UserId.of(id)));
            assertThat(in).containsAll(c.members());
        }
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 4})
    void apply_whenTheServiceAnswers503ToEverything_stopsWithinBoundedCallsAndAReRunAfterRecoveryFinishes(int concurrency) {
        ChatMappingStore mappings = ChatMappingStore.file(dir.resolve("chats.json"));
        RosterSync sync = sync(client(MessageOutbox.inMemory()), mappings, RosterSyncConfig.builder().concurrency(concurrency));
        fake.faults().random(100, 1, Fault.httpError(503));

        RosterApplyResult down = sync.apply(sync.plan(Roster.of(classes)));

        assertThat(down.stop()).hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo(RosterStop.Reason.SERVICE_DOWN));
        int threshold = RosterSyncConfig.defaults().circuitBreakerThreshold();
        // each failed step costs at most one call's attempts (4 for a read), plus the steps running when it opened
        assertThat(fake.requests().size()).as("HTTP requests before the circuit opened").isLessThanOrEqualTo((threshold + concurrency) * 4);
        assertThat(down.classes()).extracting(ClassResult::status).contains(ClassStatus.STOPPED).doesNotContain(ClassStatus.NEEDS_PERSON);
        assertThat(down.steps(StepStatus.NOT_RUN)).isNotEmpty();

        fake.faults().clear();
        RosterSync again = sync(client(MessageOutbox.inMemory()), ChatMappingStore.file(dir.resolve("chats.json")),
                RosterSyncConfig.builder().concurrency(concurrency));
        RosterApplyResult recovered = again.apply(again.plan(Roster.of(classes)));

        assertThat(recovered.stop()).isEmpty();
        assertThat(recovered.classes()).allSatisfy(c -> assertThat(c.status().finished()).as(c.toString()).isTrue());
        assertEveryClassHasOneFullChat();
        assertThat(again.plan(Roster.of(classes)).isEmpty()).isTrue();
    }

    @Test
    void apply_whenTheTokenIsRevoked_stopsAtOnceSayingSo() {
        RosterSync sync = sync(client(MessageOutbox.inMemory()), ChatMappingStore.inMemory(), RosterSyncConfig.builder());
        fake.revoke(school.token());

        RosterApplyResult result = sync.apply(sync.plan(Roster.of(classes)));

        assertThat(result.stop()).hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo(RosterStop.Reason.TOKEN));
        assertThat(fake.methodCallCount("messages.createChat")).isEqualTo(1);
        assertThat(result.classes(ClassStatus.STOPPED)).hasSize(classes.size());
    }

    @Test
    void apply_whenItsDeadlinePassesWhileClassesWaitForRetries_stopsWithWhatIsLeftAndAReRunFinishes() {
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = sync(client(MessageOutbox.inMemory()), mappings, RosterSyncConfig.builder()
                .retryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(10)).deadline(Duration.ofMinutes(1)));
        fake.faults().failNext("messages.createChat", 3, Fault.error(10));

        RosterApplyResult result = sync.apply(sync.plan(Roster.of(classes)));

        assertThat(result.stop()).hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo(RosterStop.Reason.DEADLINE));
        assertThat(result.classes(ClassStatus.STOPPED)).hasSize(3);
        assertThat(result.classes(ClassStatus.DONE)).hasSize(classes.size() - 3);
        RosterApplyResult rerun = sync.apply(sync.plan(Roster.of(classes)));
        assertThat(rerun.stop()).isEmpty();
        assertThat(rerun.classes(ClassStatus.RECONCILED)).as("the three unknown creates were read back").hasSize(3);
        assertEveryClassHasOneFullChat();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void applyAndBroadcast_whenTheProcessIsKilledAtRandomCallsThroughFaults_restartsEndWithEveryChatAndMessageOnce(long seed) {
        Random random = new Random(seed);
        fake.faults().random(RosterFaultsTest.FAULTS.length, seed, RosterFaultsTest.FAULTS);
        Roster roster = Roster.of(classes);
        int kills = 0;
        for (int run = 0; ; run++) {
            assertThat(run).as("runs until the sync is done").isLessThan(30);
            Dying dying = new Dying(client(MessageOutbox.file(dir.resolve("outbox.json"))), run < 6 ? 1 + random.nextInt(40) : Integer.MAX_VALUE,
                    random.nextBoolean());
            RosterSync sync = sync(dying.client(), ChatMappingStore.file(dir.resolve("chats.json")),
                    RosterSyncConfig.builder().concurrency(1 + random.nextInt(4)));
            Throwable died = catchThrowable(() -> {
                RosterPlan plan = sync.plan(roster);
                RosterApplyResult r = sync.apply(plan);
                assertThat(r.stop()).isEmpty();
            });
            if (died == null) {
                break;
            }
            assertThat(died).isInstanceOf(Killed.class);
            kills++;
        }
        assertThat(kills).as("the process died during apply").isPositive();
        assertEveryClassHasOneFullChat();

        for (int run = 0; ; run++) {
            assertThat(run).as("runs until the broadcast is done").isLessThan(30);
            Dying dying = new Dying(client(MessageOutbox.file(dir.resolve("outbox.json"))), run < 6 ? 1 + random.nextInt(30) : Integer.MAX_VALUE,
                    random.nextBoolean());
            Throwable died = catchThrowable(() -> {
                dying.client().resendPending();
                RosterFaultsTest.broadcast(dying.client(), ChatMappingStore.file(dir.resolve("chats.json")), classes);
            });
            if (died == null) {
                break;
            }
            assertThat(died).isInstanceOf(Killed.class);
            kills++;
        }
        for (FakeChat chat : fake.chats()) {
            assertThat(fake.messagesIn(chat).stream().filter(m -> m.text().equals(RosterFaultsTest.TEXT)).count()).as(chat.title()).isEqualTo(1);
        }
        System.out.printf("reliability roster-kill: seed %d, %d classes, %d kills, every chat and message once%n", seed, classes.size(), kills);
    }

    /** The process dying: from the n-th call on (before it, or after it reached VK) every call throws {@link Killed}. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("the process was killed", null, false, false);
        }
    }

    /** A chat client whose process dies at its n-th call: the call is not made, or made and its answer lost. */
    static final class Dying {
        private final ChatClient delegate;
        private final int dieAt;
        private final boolean afterActing;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile boolean dead;

        Dying(ChatClient delegate, int dieAt, boolean afterActing) {
            this.delegate = delegate;
            this.dieAt = dieAt;
            this.afterActing = afterActing;
        }

        ChatClient client() {
            return (ChatClient) Proxy.newProxyInstance(ChatClient.class.getClassLoader(), new Class<?>[] {ChatClient.class}, (proxy, m, args) -> {
                if (m.getDeclaringClass() == Object.class) {
                    return m.invoke(delegate, args);
                }
                boolean acts = !m.isDefault() && !m.getName().equals("capabilities") && !m.getName().equals("actor");
                if (dead) {
                    throw new Killed();
                }
                boolean dies = acts && calls.incrementAndGet() == dieAt;
                if (dies && !afterActing) {
                    dead = true;
                    throw new Killed();
                }
                Object out;
                try {
                    out = m.isDefault() ? InvocationHandlerDefaults.invoke(proxy, m, args) : m.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (dies) {
                    dead = true;
                    throw new Killed();
                }
                return out;
            });
        }
    }

    /** Calls an interface's default method on a proxy (so the proxy's own handler sees the abstract call it makes). */
    static final class InvocationHandlerDefaults {
        static Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
            return java.lang.invoke.MethodHandles.privateLookupIn(m.getDeclaringClass(), java.lang.invoke.MethodHandles.lookup())
                    .unreflectSpecial(m, m.getDeclaringClass()).bindTo(proxy).invokeWithArguments(args == null ? new Object[0] : args);
        }
    }

}
