package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterProgressListener;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.RosterSyncConfig;
import dev.sferum.sdk.chat.roster.StepResult;
import dev.sferum.sdk.chat.roster.StepStatus;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.testing.Backend;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.ClassChat;
import dev.sferum.sdk.max.testing.Mode;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Roster sync on MAX, where a bot cannot create chats: the plan links each class to the existing chat the bot was
 * added to (a {@link RosterStep.LinkChat}, never a creation), syncs its members in the same plan, names with what to do
 * the classes it cannot link, resumes after a crash, and never removes the bot. The last part also runs on VK.
 */
class RosterOnMaxTest {
    private FakeMax fake;
    private FakeMaxBot bot;
    private FakeMaxUser teacher;
    private ClassChat both;

    @BeforeEach
    void open() {
        fake = FakeMax.builder().rateLimitsEnabled(false).start();
        bot = fake.createBot("Школьный бот");
        Canary.register(bot.token());
        teacher = fake.createUser("Анна", "Иванова");
    }

    @AfterEach
    void close() {
        fake.close();
        if (both != null) {
            both.close();
        }
    }

    static Stream<Arguments> backends() {
        return Stream.of(Backend.values()).flatMap(b -> Stream.of(Mode.values()).map(m -> Arguments.of(b, m)));
    }

    private ChatClient client(Mode mode) {
        ClientConfig config = MaxChats.defaultConfig().toBuilder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource())
                .clock(fake.clock()).build();
        return mode.max(MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config));
    }

    private static UserId id(FakeMaxUser u) {
        return UserId.of(u.id());
    }

    private static PeerId peer(FakeMaxUser u) {
        return PeerId.user(u.id());
    }

    private FakeMaxChat now(FakeMaxChat chat) {
        return fake.chat(chat.id()).orElseThrow();
    }

    private List<RecordedRequest> since(int before) {
        return fake.requests().subList(before, fake.requests().size());
    }

    /** A fresh school: two class chats exist (Sferum made them), the bot was added to both as an admin. */
    private final class FreshSchool {
        final FakeMaxUser stays = fake.createUser("Остаётся", "Ученик");
        final FakeMaxUser left = fake.createUser("Ушёл", "Ученик");
        final FakeMaxUser joins = fake.createUser("Новый", "Ученик");
        final FakeMaxUser parent = fake.createUser("Мама", "Ученика");
        final FakeMaxChat c7 = fake.addBot(fake.createChat(teacher, "7Б", stays, left), bot, true);
        final FakeMaxChat c8 = fake.addBot(fake.createChat(teacher, "8А"), bot, true);
        final Roster roster = Roster.of(List.of(
                new RosterClass("7b", "7Б", List.of(id(teacher)), List.of(id(stays), id(joins)), List.of()),
                new RosterClass("8a", "8А", List.of(id(teacher)), List.of(), List.of(id(parent)))));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_whenAFreshSchoolsChatsExistWithTheBot_linksThemAndSyncsMembersThenHasNothingToDo(Mode mode) {
        FreshSchool s = new FreshSchool();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings).build();

        RosterPlan plan = sync.plan(s.roster);

        assertThat(plan.steps()).containsExactly(
                new RosterStep.LinkChat("7b", PeerId.chat(s.c7.id()), "7Б"),
                new RosterStep.LinkChat("8a", PeerId.chat(s.c8.id()), "8А"),
                new RosterStep.AddMembers("7b", PeerId.chat(s.c7.id()), List.of(id(s.joins))),
                new RosterStep.AddMembers("8a", PeerId.chat(s.c8.id()), List.of(id(s.parent))),
                new RosterStep.RemoveMembers("7b", PeerId.chat(s.c7.id()), List.of(peer(s.left))));
        assertThat(plan.apiCalls()).as("a re-read per link, one call per member").isEqualTo(2 + 1 + 1 + 1);
        assertThat(plan.requestsPerSecond()).as("MAX's default rate").isEqualTo(30.0);
        assertThat(plan.estimatedDuration()).isEqualTo(Duration.ofMillis(167));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("max cannot create chats, so 2 classes are linked"))
                .anySatisfy(n -> assertThat(n).startsWith("the acting account " + peer(bot.id()) + " is in the chats of 2 classes")
                        .contains("never removes it"));

        int before = fake.requests().size();
        RosterApplyResult result = sync.apply(plan);

        assertThat(result.complete()).isTrue();
        assertThat(result.steps()).extracting(StepResult::status).containsOnly(StepStatus.DONE);
        assertThat(result.apiCalls()).isEqualTo(plan.apiCalls());
        assertThat(mappings.find("7b").flatMap(ChatMapping::chat)).contains(PeerId.chat(s.c7.id()));
        assertThat(mappings.find("8a").flatMap(ChatMapping::chat)).contains(PeerId.chat(s.c8.id()));
        assertThat(now(s.c7).memberIds()).containsExactlyInAnyOrder(teacher.id(), bot.id(), s.stays.id(), s.joins.id());
        assertThat(now(s.c8).memberIds()).containsExactlyInAnyOrder(teacher.id(), bot.id(), s.parent.id());
        assertThat(since(before)).as("no request tried to create a chat")
                .noneMatch(r -> r.httpMethod().equals("POST") && r.path().equals("/chats"));
        RosterPlan again = sync.plan(s.roster);
        assertThat(again.isEmpty()).as(again.steps().toString()).isTrue();
        assertThat(again.notes()).noneMatch(n -> n.contains("linked"));
    }

    private static PeerId peer(long userId) {
        return PeerId.user(userId);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_whenAClassHasNoChatWithTheBotOrSeveral_notesWhatToDoAndPlansNoStepForIt(Mode mode) {
        fake.addBot(fake.createChat(teacher, "8А"), bot, true);
        fake.addBot(fake.createChat(teacher, "8А"), bot, true);
        fake.createChat(teacher, "9В");
        FakeMaxChat c10 = fake.addBot(fake.createChat(teacher, "10Г"), bot, true);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings).build();
        Roster roster = Roster.of(List.of(
                new RosterClass("8a", "8А", List.of(id(teacher)), List.of(), List.of()),
                new RosterClass("9v", "9В", List.of(id(teacher)), List.of(), List.of()),
                new RosterClass("10g", "10Г", List.of(id(teacher)), List.of(), List.of())));

        RosterPlan plan = sync.plan(roster);

        assertThat(plan.steps()).containsExactly(new RosterStep.LinkChat("10g", PeerId.chat(c10.id()), "10Г"));
        assertThat(plan.steps(RosterStep.CreateChat.class)).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("class 8a: several chats have this title (2 titled \"8А\"")
                        .contains("record the right one with the mapping store, ChatMappingStore.recordChat(\"8a\", chat)"))
                .anySatisfy(n -> assertThat(n).startsWith("class 9v: no chat titled \"9В\" has this account in it")
                        .contains("add the bot to the class chat as an admin"));
        int before = fake.requests().size();
        assertThat(sync.apply(plan).complete()).isTrue();
        assertThat(since(before)).as("nothing is created on MAX").noneMatch(r -> r.httpMethod().equals("POST"));
        assertThat(mappings.find("8a")).isEmpty();
        assertThat(mappings.find("9v")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenTheBotWasRemovedBetweenPlanAndApply_failsTheLinkAndSkipsItsMemberSteps(Mode mode) {
        FreshSchool s = new FreshSchool();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings).build();
        RosterPlan plan = sync.plan(s.roster);
        fake.removeMember(s.c7, bot.id());

        RosterApplyResult result = sync.apply(plan);

        assertThat(result.steps()).filteredOn(r -> r.step().classId().equals("7b")).extracting(StepResult::status)
                .containsExactly(StepStatus.FAILED, StepStatus.SKIPPED, StepStatus.SKIPPED);
        assertThat(result.steps().get(0).error()).get().satisfies(e -> {
            assertThat(e.category()).isIn(ErrorCategory.NOT_FOUND, ErrorCategory.PERMISSION);
        });
        assertThat(mappings.find("7b")).as("no link recorded for a chat the bot left").isEmpty();
        assertThat(mappings.find("8a").flatMap(ChatMapping::chat)).contains(PeerId.chat(s.c8.id()));
        assertThat(now(s.c7).memberIds()).contains(s.left.id()).doesNotContain(s.joins.id());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenItDiesBetweenLinkAndMembers_theNextRunResumesWithoutLinkingAgain(Mode mode) {
        FreshSchool s = new FreshSchool();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings).build();
        RuntimeException crash = new IllegalStateException("the process died");
        RosterProgressListener dies = new RosterProgressListener() {
            @Override
            public void stepFinished(RosterStep step, StepResult result, int index, int total) {
                if (step instanceof RosterStep.LinkChat l && l.classId().equals("8a")) {
                    throw crash;
                }
            }
        };

        assertThat(catchThrowable(() -> sync.apply(sync.plan(s.roster), dies))).isSameAs(crash);
        assertThat(mappings.find("7b").flatMap(ChatMapping::chat)).contains(PeerId.chat(s.c7.id()));
        assertThat(mappings.find("8a").flatMap(ChatMapping::chat)).contains(PeerId.chat(s.c8.id()));
        assertThat(now(s.c7).memberIds()).doesNotContain(s.joins.id());

        RosterPlan resumed = sync.plan(s.roster);

        assertThat(resumed.steps(RosterStep.LinkChat.class)).as("both links were recorded before the crash").isEmpty();
        assertThat(resumed.steps()).containsExactly(
                new RosterStep.AddMembers("7b", PeerId.chat(s.c7.id()), List.of(id(s.joins))),
                new RosterStep.AddMembers("8a", PeerId.chat(s.c8.id()), List.of(id(s.parent))),
                new RosterStep.RemoveMembers("7b", PeerId.chat(s.c7.id()), List.of(peer(s.left))));
        assertThat(sync.apply(resumed).complete()).isTrue();
        assertThat(sync.plan(s.roster).isEmpty()).isTrue();
        assertThat(now(s.c7).memberIds()).containsExactlyInAnyOrder(teacher.id(), bot.id(), s.stays.id(), s.joins.id());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenItDiesBeforeTheLinkIsRecorded_theNextPlanLinksTheClassAgain(Mode mode) {
        FreshSchool s = new FreshSchool();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings).build();
        RuntimeException crash = new IllegalStateException("the process died");
        RosterProgressListener dies = new RosterProgressListener() {
            @Override
            public void stepStarted(RosterStep step, int index, int total) {
                if (step instanceof RosterStep.LinkChat l && l.classId().equals("8a")) {
                    throw crash;
                }
            }
        };

        assertThat(catchThrowable(() -> sync.apply(sync.plan(s.roster), dies))).isSameAs(crash);
        assertThat(mappings.find("8a")).isEmpty();

        RosterPlan resumed = sync.plan(s.roster);

        assertThat(resumed.steps(RosterStep.LinkChat.class)).containsExactly(new RosterStep.LinkChat("8a", PeerId.chat(s.c8.id()), "8А"));
        assertThat(sync.apply(resumed).complete()).isTrue();
        assertThat(sync.plan(s.roster).isEmpty()).isTrue();
        assertThat(now(s.c8).memberIds()).containsExactlyInAnyOrder(teacher.id(), bot.id(), s.parent.id());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_whenTheBotIsNotInTheRosterAndClassesRetire_neverRemovesTheBot(Mode mode) {
        FreshSchool s = new FreshSchool();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings)
                .config(RosterSyncConfig.builder().retiredClasses(RosterSyncConfig.Retired.REMOVE_MEMBERS).build()).build();
        assertThat(sync.apply(sync.plan(s.roster)).complete()).isTrue();

        RosterPlan retire = sync.plan(Roster.of(List.of(s.roster.classes().get(0))));

        assertThat(retire.steps()).containsExactly(new RosterStep.RetireClass("8a", PeerId.chat(s.c8.id()), List.of(peer(s.parent))));
        assertThat(sync.apply(retire).complete()).isTrue();
        assertThat(now(s.c8).memberIds()).as("the owner and the bot stay").containsExactlyInAnyOrder(teacher.id(), bot.id());
        assertThat(fake.requests()).noneMatch(r -> r.httpMethod().equals("DELETE") && r.path().endsWith("/members/me"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void plan_onBothBackends_removesWhoLeftTheClassButNeverTheActingAccount(Backend backend, Mode mode) {
        both = backend.open(mode);
        ChatClient chats = both.client();
        PeerId actor = chats.actor();
        assertThat(chats.members(both.chat()).stream().map(m -> m.member())).as("actor() names a member of the chat").contains(actor);
        assertThat(actor.isUser()).as("a MAX bot is a user member; a VK community is not").isEqualTo(backend == Backend.MAX);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        if (backend == Backend.VK) {
            mappings.recordChat("7b", both.chat());
        }
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings).build();
        List<UserId> pupils = both.pupils();
        Roster roster = Roster.of(List.of(new RosterClass("7b", "7Б", List.of(), pupils.subList(0, 2), List.of())));

        RosterPlan plan = sync.plan(roster);

        assertThat(plan.steps(RosterStep.LinkChat.class)).hasSize(backend == Backend.MAX ? 1 : 0);
        assertThat(plan.steps(RosterStep.RemoveMembers.class)).singleElement()
                .satisfies(r -> assertThat(r.members()).containsExactly(pupils.get(2).peer()));
        assertThat(sync.apply(plan).complete()).isTrue();
        assertThat(both.inChat(pupils.get(2))).isFalse();
        assertThat(both.actorInChat()).isTrue();
        assertThat(sync.plan(roster).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void actor_whenAskedTwice_asksMaxOnce(Mode mode) {
        ChatClient chats = client(mode);

        assertThat(chats.actor()).isEqualTo(PeerId.user(bot.id()));
        assertThat(chats.actor()).isEqualTo(PeerId.user(bot.id()));
        assertThat(fake.requests()).filteredOn(r -> r.path().equals("/me")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void link_whenAnotherClassTookTheChatBeforeApply_failsWithConflict(Mode mode) {
        FreshSchool s = new FreshSchool();
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(client(mode)).mappings(mappings).build();
        RosterPlan plan = sync.plan(s.roster);
        mappings.recordChat("other", PeerId.chat(s.c7.id()));

        RosterApplyResult result = sync.apply(plan);

        StepResult link = result.steps().get(0);
        assertThat(link.step()).isInstanceOf(RosterStep.LinkChat.class);
        assertThat(link.status()).isEqualTo(StepStatus.FAILED);
        assertThat(link.error()).get().extracting(SferumException::category).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(mappings.find("7b")).isEmpty();
    }
}
