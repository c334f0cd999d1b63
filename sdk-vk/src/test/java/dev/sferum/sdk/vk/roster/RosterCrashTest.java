package dev.sferum.sdk.vk.roster;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.CreateIntent;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterProgressListener;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.StepResult;
import dev.sferum.sdk.chat.roster.StepStatus;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.testing.Mode;
import dev.sferum.sdk.vk.testing.School;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Roster sync killed at random points (a progress listener that throws, a process that dies between creating a chat
 * and recording it) and run again, with connections that drop after VK acted in between (reconciled in the same
 * run): in the end no chat exists twice and no member is missing.
 */
class RosterCrashTest {
    private School school;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        school = School.open();
    }

    @AfterEach
    void close() {
        school.close();
    }

    enum Kill { LISTENER_BEFORE_STEP, LISTENER_AFTER_STEP, STORE_AFTER_CREATE, DROP_AFTER_CREATE, DROP_AFTER_ADD, NONE }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenKilledAtRandomStepsAndRunAgain_noChatIsDuplicatedAndNoMemberLost(Mode mode) {
        Random random = new Random(20250901L + mode.ordinal());
        ChatClient chats = school.userChats(mode, school.director);
        Path file = dir.resolve("chats.json");
        List<RosterClass> classes = Rosters.newClasses(school, 40, 8, 4);
        Map<Kill, Integer> kills = new EnumMap<>(Kill.class);

        runUntilDone(Roster.of(classes), chats, file, random, kills);
        List<RosterClass> moved = new ArrayList<>(classes);
        for (int i = 0; i + 1 < classes.size(); i += 2) {
            List<UserId> from = classes.get(i).pupils();
            List<UserId> to = new ArrayList<>(classes.get(i + 1).pupils());
            to.addAll(from.subList(0, 3));
            moved.set(i, Rosters.withPupils(classes.get(i), from.subList(3, from.size())));
            moved.set(i + 1, Rosters.withPupils(classes.get(i + 1), to));
        }
        runUntilDone(Roster.of(moved), chats, file, random, kills);

        Map<String, FakeChat> made = Rosters.chatsByTitle(school, school.director.id());
        assertThat(made).hasSize(40);
        for (RosterClass c : moved) {
            assertThat(Rosters.users(made.get(c.title()))).as(c.classId()).isEqualTo(c.members());
        }
        assertThat(ChatMappingStore.file(file).all()).hasSize(40).allMatch(m -> m.chat().isPresent() && m.pendingCreate().isEmpty());
        assertThat(kills.get(Kill.STORE_AFTER_CREATE)).as("the dangerous window was hit: %s", kills).isPositive();
        assertThat(kills.get(Kill.DROP_AFTER_CREATE)).as("%s", kills).isPositive();
        assertThat(kills.get(Kill.DROP_AFTER_ADD)).as("%s", kills).isPositive();
        assertThat(kills.values().stream().mapToInt(Integer::intValue).sum() - kills.getOrDefault(Kill.NONE, 0)).isGreaterThan(5);
    }

    private void runUntilDone(Roster roster, ChatClient chats, Path file, Random random, Map<Kill, Integer> kills) {
        for (int run = 0; run < 200; run++) {
            CrashingStore store = new CrashingStore(ChatMappingStore.file(file));
            RosterSync sync = RosterSync.builder().chats(chats).mappings(store).timeSource(new FakeTimeSource()).build();
            RosterPlan plan = sync.plan(roster);
            if (plan.isEmpty()) {
                return;
            }
            boolean creates = !plan.steps(RosterStep.CreateChat.class).isEmpty();
            boolean adds = !plan.steps(RosterStep.AddMembers.class).isEmpty() || creates;
            Kill kill = run >= 60 ? Kill.NONE : Kill.values()[run % (Kill.values().length - 1)];
            if ((kill == Kill.STORE_AFTER_CREATE || kill == Kill.DROP_AFTER_CREATE) && !creates || kill == Kill.DROP_AFTER_ADD && !adds) {
                kill = random.nextBoolean() ? Kill.LISTENER_BEFORE_STEP : Kill.LISTENER_AFTER_STEP;
            }
            int at = random.nextInt(Math.min(plan.steps().size(), 6));
            RosterProgressListener listener = RosterProgressListener.NONE;
            switch (kill) {
                case LISTENER_BEFORE_STEP -> listener = new RosterProgressListener() {
                    @Override
                    public void stepStarted(RosterStep step, int index, int total) {
                        if (index == at) {
                            throw new IllegalStateException("killed before step " + index);
                        }
                    }
                };
                case LISTENER_AFTER_STEP -> listener = new RosterProgressListener() {
                    @Override
                    public void stepFinished(RosterStep step, StepResult result, int index, int total) {
                        if (index == at) {
                            throw new IllegalStateException("killed after step " + index);
                        }
                    }
                };
                case STORE_AFTER_CREATE -> store.crashOnRecordChat = 1 + random.nextInt(Math.min(6, plan.steps(RosterStep.CreateChat.class).size()));
                case DROP_AFTER_CREATE -> school.fake.faults().failNext("messages.createChat", 1, Fault.dropAfterProcessing());
                case DROP_AFTER_ADD -> school.fake.faults().failNext(creates ? "messages.createChat" : "messages.addChatUser", 1,
                        Fault.dropAfterProcessing());
                case NONE -> {
                }
            }
            try {
                RosterApplyResult result = sync.apply(plan, listener);
                if (kill == Kill.DROP_AFTER_CREATE) {
                    assertThat(result.reconciliations()).as("a lost answer to a create is read back in the same run").isPositive();
                }
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).startsWith("killed");
            }
            kills.merge(kill, 1, Integer::sum);
            school.fake.faults().clear();
        }
        throw new AssertionError("roster sync did not converge in 200 runs");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenTwoUnmappedChatsCarryTheInterruptedTitle_stopsThatClassWithAConflictForAPerson(Mode mode) {
        ChatClient chats = school.userChats(mode, school.director);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterClass c = Rosters.newClass(school, 1, 2, 0);
        mappings.recordIntent(c.classId(), new CreateIntent("r-1", c.title(), Instant.now().minusSeconds(60)));
        school.fake.createChat(school.director.id(), c.title());
        school.fake.createChat(school.director.id(), c.title());
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings).build();

        RosterPlan plan = sync.plan(Roster.of(List.of(c)));
        assertThat(plan.steps()).containsExactly(new RosterStep.CreateChat(c.classId(), c.title(), List.copyOf(c.members()), true));
        StepResult result = sync.apply(plan).steps().get(0);

        assertThat(result.status()).isEqualTo(StepStatus.FAILED);
        SferumException e = result.error().orElseThrow();
        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.getMessage()).contains("2 chats titled \"" + c.title() + "\"");
        assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains("recordChat"));
        assertThat(school.fake.requestCount("messages.createChat")).as("never a third chat").isZero();
        assertThat(mappings.find(c.classId()).flatMap(ChatMapping::pendingCreate)).as("the intent stays for the person").isPresent();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenVkRefusesTheCreation_forgetsTheIntentSoTheNextRunDoesNotSearch(Mode mode) {
        ChatClient chats = school.userChats(mode, school.director);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings).build();
        RosterClass c = Rosters.newClass(school, 1, 2, 0);
        school.fake.faults().failNext("messages.createChat", 1, Fault.error(15));

        SferumException refused = catchThrowableOfType(SferumException.class, () -> { throw sync.apply(sync.plan(Roster.of(List.of(c))))
                .steps().get(0).error().orElseThrow(); });

        assertThat(refused.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(mappings.find(c.classId())).isEmpty();
        assertThat(sync.plan(Roster.of(List.of(c))).steps()).containsExactly(
                new RosterStep.CreateChat(c.classId(), c.title(), List.copyOf(c.members()), false));
    }

    /** A mapping store that dies once, at the n-th {@code recordChat}: after VK created the chat, before it is recorded. */
    static final class CrashingStore implements ChatMappingStore {
        private final ChatMappingStore delegate;
        int crashOnRecordChat;
        private int recordChats;

        CrashingStore(ChatMappingStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<ChatMapping> find(String classId) {
            return delegate.find(classId);
        }

        @Override
        public List<ChatMapping> all() {
            return delegate.all();
        }

        @Override
        public void recordIntent(String classId, CreateIntent intent) {
            delegate.recordIntent(classId, intent);
        }

        @Override
        public void recordChat(String classId, PeerId chat) {
            if (++recordChats == crashOnRecordChat) {
                throw new IllegalStateException("killed between creating " + chat + " and recording it");
            }
            delegate.recordChat(classId, chat);
        }

        @Override
        public void remove(String classId) {
            delegate.remove(classId);
        }
    }
}
