package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.RosterSyncConfig;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxFaults;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import dev.sferum.sdk.testkit.max.MaxFault;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MAX half of sdk-chat's {@code RosterFaultsTest}: a school of 120 classes × 10 people whose chats exist with
 * the bot in them (a bot cannot create chats, so each class is linked, then its members are added) synced in ONE
 * apply through a MAX that fails about 10 % of calls (HTTP 500, 502 and 503, 429, a connection closed before the
 * request ran) and loses about 3 % of answers after it acted; then a send per chat through the same faults, with
 * the outbox. Every class ends linked to its one chat, every member in it, the message in it exactly once. Over
 * several seeds (more under {@code -Pstress}).
 */
class RosterFaultsOnMaxTest {
    static final int CLASSES = 120;
    static final int MEMBERS = 10;
    static final String TEXT = "Завтра уроки с 9:00";

    @Property(shrinking = ShrinkingMode.OFF)
    void applyThenSend_whenTenPercentFaultsAndThreePercentLostReplies_oneRunLinksEveryClassOnceWithEveryMemberAndOneMessage(
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed, @ForAll("concurrency") int concurrency) {
        syncAndSend(seed, concurrency, true);
    }

    /** The same school without faults: the same end state, and the wall time the faulty runs compare with. */
    @Example
    void applyThenSend_withoutFaults_linksEveryClassOnceWithEveryMemberAndOneMessage() {
        syncAndSend(16, 4, false);
    }

    static void syncAndSend(long seed, int concurrency, boolean withFaults) {
        try (FakeMax fake = FakeMax.builder().seed(seed).rateLimitsEnabled(false).serverThreads(8).start()) {
            FakeMaxBot bot = fake.createBot("Школьный бот");
            Canary.register(bot.token());
            List<RosterClass> roster = new ArrayList<>();
            Map<String, Long> chatOf = new HashMap<>();
            Map<String, Set<Long>> wanted = new HashMap<>();
            for (int c = 0; c < CLASSES; c++) {
                FakeMaxUser teacher = fake.createUser("Учитель", "Класс" + c);
                List<UserId> pupils = new ArrayList<>();
                Set<Long> ids = new HashSet<>();
                ids.add(teacher.id());
                for (int p = 1; p < MEMBERS; p++) {
                    FakeMaxUser u = fake.createUser("У" + p, "Класс" + c);
                    pupils.add(UserId.of(u.id()));
                    ids.add(u.id());
                }
                FakeMaxChat chat = fake.addBot(fake.createChat(teacher, "Класс " + c), bot, true);
                chatOf.put("c" + c, chat.id());
                wanted.put("c" + c, ids);
                roster.add(new RosterClass("c" + c, "Класс " + c, List.of(UserId.of(teacher.id())), pupils, List.of()));
            }
            FakeTimeSource time = new FakeTimeSource();
            ClientConfig config = MaxChats.defaultConfig().toBuilder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited())
                    .timeSource(time).clock(fake.clock()).build();
            ChatClient chats = MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config).outbox(MessageOutbox.inMemory())
                    .buildClient();
            ChatMappingStore mappings = ChatMappingStore.inMemory();
            RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings).timeSource(time)
                    .config(RosterSyncConfig.builder().concurrency(concurrency).retryBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build())
                    .build();
            RosterPlan plan = sync.plan(Roster.of(roster));
            assertThat(plan.steps(RosterStep.LinkChat.class)).hasSize(CLASSES);
            assertThat(plan.steps(RosterStep.CreateChat.class)).isEmpty();

            int before = fake.requests().size();
            if (withFaults) {
                faults(fake.faults());
            }
            long t0 = System.nanoTime();
            RosterApplyResult result = sync.apply(plan);
            long applyMillis = (System.nanoTime() - t0) / 1_000_000;
            send(chats, mappings, roster);
            fake.faults().clear();

            assertThat(result.stop()).as("the apply did not stop early").isEmpty();
            assertThat(result.classes()).hasSize(CLASSES).allSatisfy(c -> assertThat(c.status().finished()).as(c.toString()).isTrue());
            Set<PeerId> linked = new HashSet<>();
            for (RosterClass c : roster) {
                PeerId chat = mappings.find(c.classId()).flatMap(ChatMapping::chat).orElseThrow();
                assertThat(chat).as("the chat of " + c.classId()).isEqualTo(PeerId.chat(chatOf.get(c.classId())));
                assertThat(linked.add(chat)).as("linked once: " + chat).isTrue();
                FakeMaxChat now = fake.chat(chatOf.get(c.classId())).orElseThrow();
                assertThat(now.memberIds()).as("members of " + c.classId()).containsAll(wanted.get(c.classId())).contains(bot.id());
                assertThat(fake.messagesIn(now.id()).stream().filter(m -> !m.deleted() && TEXT.equals(m.visibleText())).count())
                        .as("the message in " + c.classId()).isEqualTo(1L);
            }
            assertThat(fake.chats()).as("no chat was made").hasSize(CLASSES);
            assertThat(sync.plan(Roster.of(roster)).isEmpty()).as("nothing left to do").isTrue();

            List<RecordedRequest> log = fake.requests().subList(before, fake.requests().size());
            long injected = log.stream().filter(r -> r.detail().contains("injected") || r.outcome().name().startsWith("DROPPED")
                    || r.outcome() == RecordedRequest.Outcome.HTTP_ERROR).count();
            long lost = log.stream().filter(r -> r.outcome() == RecordedRequest.Outcome.DROPPED_AFTER_PROCESSING).count();
            assertThat(injected > 0).as("faults were injected").isEqualTo(withFaults);
            System.out.printf("reliability roster-max: %d classes, seed %d, concurrency %d, faults %s: %d requests, %d faults injected, %d replies "
                            + "lost after acting, %d retries, %d reconciliations, 1 run, apply %d ms%n", CLASSES, seed, concurrency, withFaults, log.size(),
                    injected, lost, result.retries(), result.reconciliations(), applyMillis);
        }
    }

    @Provide
    Arbitrary<Integer> concurrency() {
        return Arbitraries.of(1, 4);
    }

    /** About 10 % transient faults before processing and 3 % answers lost after it, on every operation. */
    static void faults(FakeMaxFaults faults) {
        faults.failRandomly(FakeMaxFaults.ANY, 0.02, MaxFault.error(500, "internal.error"))
                .failRandomly(FakeMaxFaults.ANY, 0.02, MaxFault.error(503, "service.unavailable"))
                .failRandomly(FakeMaxFaults.ANY, 0.02, MaxFault.error(429, "too.many.requests"))
                .failRandomly(FakeMaxFaults.ANY, 0.02, MaxFault.httpError(502))
                .failRandomly(FakeMaxFaults.ANY, 0.02, MaxFault.dropBeforeProcessing())
                .failRandomly(FakeMaxFaults.ANY, 0.03, MaxFault.dropAfterProcessing());
    }

    /** A send per class chat with a key chosen before the first try and kept on every try, as the CLI's broadcast does. */
    static void send(ChatClient chats, ChatMappingStore mappings, List<RosterClass> roster) {
        for (RosterClass c : roster) {
            PeerId chat = mappings.find(c.classId()).flatMap(ChatMapping::chat).orElseThrow();
            long key = 1 + (c.classId().hashCode() & 0x7fffffffL);
            for (int attempt = 1; ; attempt++) {
                try {
                    SendResult r = chats.send(m -> m.peer(chat).text(TEXT).idempotencyKey(key));
                    if (r.complete()) {
                        break;
                    }
                } catch (SferumException e) {
                    assertThat(e.category().retryable() || e.category() == ErrorCategory.OUTCOME_UNKNOWN).as("%s", e).isTrue();
                }
                assertThat(attempt).as("sending to " + c.classId()).isLessThan(10);
            }
        }
    }
}
