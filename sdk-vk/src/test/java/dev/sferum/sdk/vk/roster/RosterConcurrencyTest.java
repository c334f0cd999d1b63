package dev.sferum.sdk.vk.roster;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.RosterSyncConfig;
import dev.sferum.sdk.chat.roster.StepResult;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.Batching;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apply with concurrency, with and without execute batching, against the fake with its rate limit on (at the same
 * rate the client's budget allows): the chats end exactly as a sequential apply leaves them, no chat is created
 * twice, the plan's steps come back in plan order, and VK never answers error 6.
 */
class RosterConcurrencyTest {
    private static final int RATE = 50;
    private static final int CLASSES = 10;

    static Stream<Arguments> cases() {
        return Stream.of(Mode.values()).flatMap(m -> Stream.of(Arguments.of(m, false), Arguments.of(m, true)));
    }

    @ParameterizedTest(name = "{0}, batching {1}")
    @MethodSource("cases")
    void apply_whenClassesRunAtOnce_endsAsSequentialApplyWithoutErrorSix(Mode mode, boolean batching) {
        Outcome sequential = run(Mode.SYNC, false, 1);
        Outcome concurrent = run(mode, batching, 8);

        assertThat(concurrent.chats).isEqualTo(sequential.chats);
        assertThat(concurrent.chats).hasSize(CLASSES + 1);
        assertThat(concurrent.errorSix).as("answers with error 6").isZero();
        assertThat(sequential.errorSix).isZero();
        assertThat(concurrent.calls).isEqualTo(sequential.calls);
        assertThat(sequential.httpRequests).as("one request per call").isEqualTo(sequential.allCalls);
        if (batching) {
            assertThat(concurrent.httpRequests).as("execute coalesced calls made at once").isLessThan(concurrent.allCalls);
        } else {
            assertThat(concurrent.httpRequests).isEqualTo(concurrent.allCalls);
        }
    }

    /** What one school's three syncs left behind. */
    private record Outcome(Map<String, Set<UserId>> chats, int calls, int errorSix, int httpRequests, int allCalls) {
    }

    /**
     * A school of 10 classes synced from scratch, then a term's changes (a rename, pupils moving between classes, a
     * class gone, a class new), then once more (nothing to do).
     */
    private static Outcome run(Mode mode, boolean batching, int concurrency) {
        try (FakeVk fake = FakeVk.builder().rateLimit(dev.sferum.sdk.testkit.TokenKind.USER, RATE).start()) {
            FakeUser director = fake.createUser("Ирина", "Смирнова");
            List<RosterClass> classes = new ArrayList<>();
            for (int i = 0; i <= CLASSES; i++) {
                List<UserId> pupils = new ArrayList<>();
                for (int p = 0; p < 5; p++) {
                    pupils.add(UserId.of(fake.createUser("U" + p, "Ученик" + i).id()));
                }
                classes.add(new RosterClass("class-" + i, "Класс " + i, List.of(UserId.of(fake.createUser("Т", "Учитель" + i).id())),
                        pupils, List.of(UserId.of(fake.createUser("Р", "Родитель" + i).id()))));
            }
            ClientConfig.Builder config = ClientConfig.builder().baseUri(fake.baseUri())
                    .rateLimits(RateLimits.builder().perSecond(TokenKind.USER, RATE).build());
            if (batching) {
                config.batching(Batching.within(Duration.ofMillis(100)));
            }
            AccessToken token = AccessToken.user(Canary.register(fake.userToken(director).value()));
            ChatClient chats = mode.chats(ApiClient.builder().config(config.build()).token(token), VkChats.builder().actor(ChatActor.user(director.id())));
            RosterSync sync = RosterSync.builder().chats(chats).mappings(ChatMappingStore.inMemory())
                    .config(RosterSyncConfig.builder().concurrency(concurrency).retiredClasses(RosterSyncConfig.Retired.REMOVE_MEMBERS).build())
                    .build();

            int[] reads = {0};
            int calls = apply(sync, Roster.of(classes.subList(0, CLASSES)), reads);
            List<RosterClass> next = new ArrayList<>(classes);
            next.set(0, new RosterClass("class-0", "Класс 0 (профильный)", classes.get(0).teachers(), classes.get(0).pupils(),
                    classes.get(0).parents()));
            next.set(1, withPupils(classes.get(1), classes.get(1).pupils().subList(2, 5)));
            next.set(2, withPupils(classes.get(2), concat(classes.get(2).pupils(), classes.get(1).pupils().subList(0, 2))));
            next.remove(CLASSES - 1);
            calls += apply(sync, Roster.of(next), reads);
            RosterPlan last = sync.plan(Roster.of(next));
            assertThat(last.isEmpty()).as("nothing left to do").isTrue();
            reads[0] += last.readCalls();

            Map<String, Set<UserId>> byTitle = new HashMap<>();
            for (FakeChat c : fake.chats()) {
                if (c.ownerId() != director.id()) {
                    continue;
                }
                Set<UserId> users = new HashSet<>();
                c.memberIds().stream().filter(id -> id > 0 && id != director.id()).forEach(id -> users.add(UserId.of(id)));
                assertThat(byTitle.put(c.title(), users)).as("a second chat titled " + c.title()).isNull();
            }
            int errorSix = (int) fake.requests().stream().filter(r -> r.errorCode() == 6).count();
            int http = (int) fake.requests().stream().filter(r -> !r.operation().startsWith("/")).count();
            return new Outcome(byTitle, calls, errorSix, http, calls + reads[0]);
        }
    }

    private static int apply(RosterSync sync, Roster roster, int[] reads) {
        RosterPlan plan = sync.plan(roster);
        reads[0] += plan.readCalls();
        RosterApplyResult result = sync.apply(plan);
        assertThat(result.complete()).as("every step done").isTrue();
        assertThat(result.steps().stream().map(StepResult::step).toList()).as("results in plan order").isEqualTo(plan.steps());
        return result.apiCalls();
    }

    private static RosterClass withPupils(RosterClass c, List<UserId> pupils) {
        return new RosterClass(c.classId(), c.title(), c.teachers(), pupils, c.parents());
    }

    private static List<UserId> concat(List<UserId> a, List<UserId> b) {
        List<UserId> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
