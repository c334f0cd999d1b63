package dev.sferum.sdk.vk.roster;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.MessagesNotAllowedException;
import dev.sferum.sdk.chat.NotChatAdminException;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMapping;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.PendingInvite;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.RosterSyncConfig;
import dev.sferum.sdk.chat.roster.StepResult;
import dev.sferum.sdk.chat.roster.StepStatus;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import dev.sferum.sdk.vk.testing.School;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Roster sync on the fake: a whole school from scratch, then a term's changes, as a minimal plan. */
class RosterSyncTest {
    private School school;

    @BeforeEach
    void open() {
        school = School.open();
    }

    @AfterEach
    void close() {
        school.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_when200ClassesOf30AreSyncedThenChange_theSecondPlanIsExactlyTheChanges(Mode mode) {
        FakeUser admin = school.director;
        ChatClient chats = school.userChats(mode, admin);
        RosterSync sync = RosterSync.builder().chats(chats).mappings(ChatMappingStore.inMemory())
                .config(RosterSyncConfig.builder().retiredClasses(RosterSyncConfig.Retired.REMOVE_MEMBERS).build()).build();
        List<RosterClass> classes = Rosters.newClasses(school, 200, 19, 10);
        Roster first = Roster.of(classes);
        assertThat(classes.get(0).members()).hasSize(30);

        RosterPlan plan = sync.plan(first);
        assertThat(plan.steps()).hasSize(200).allMatch(s -> s instanceof RosterStep.CreateChat);
        assertThat(plan.apiCalls()).isEqualTo(200);
        assertThat(plan.requestsPerSecond()).as("a user token's rate").isEqualTo(3.0);
        assertThat(plan.estimatedDuration()).isEqualTo(Duration.ofMillis(66_667));
        RosterApplyResult applied = sync.apply(plan);
        assertThat(applied.complete()).isTrue();
        assertThat(applied.apiCalls()).isEqualTo(200);
        assertThat(school.fake.requestCount("messages.createChat")).isEqualTo(200);

        Map<String, FakeChat> made = Rosters.chatsByTitle(school, admin.id());
        assertThat(made).hasSize(200);
        for (RosterClass c : classes) {
            assertThat(Rosters.users(made.get(c.title()))).as(c.classId()).isEqualTo(c.members());
        }
        school.fake.clearRequests();
        RosterPlan again = sync.plan(first);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.readCalls()).isEqualTo(2 + 200);
        assertThat(school.fake.requestCount("messages.getChat")).isEqualTo(2);

        // a term later: 5 pupils move from class 0 to 1, 3 from 10 to 11, class 2 is renamed, class 3 is gone
        List<RosterClass> next = new ArrayList<>(classes);
        List<UserId> moving = classes.get(0).pupils().subList(0, 5);
        List<UserId> moving2 = classes.get(10).pupils().subList(0, 3);
        next.set(0, Rosters.withPupils(classes.get(0), classes.get(0).pupils().subList(5, 19)));
        next.set(1, Rosters.withPupils(classes.get(1), concat(classes.get(1).pupils(), moving)));
        next.set(10, Rosters.withPupils(classes.get(10), classes.get(10).pupils().subList(3, 19)));
        next.set(11, Rosters.withPupils(classes.get(11), concat(classes.get(11).pupils(), moving2)));
        next.set(2, Rosters.withTitle(classes.get(2), "Класс 2 (профильный)"));
        next.remove(3);
        Roster second = Roster.of(next);

        RosterPlan changes = sync.plan(second);

        assertThat(changes.steps()).containsExactly(
                new RosterStep.RenameChat("class-2", peer(made, classes.get(2)), "Класс 2", "Класс 2 (профильный)"),
                new RosterStep.AddMembers("class-1", peer(made, classes.get(1)), moving),
                new RosterStep.AddMembers("class-11", peer(made, classes.get(11)), moving2),
                new RosterStep.RemoveMembers("class-0", peer(made, classes.get(0)), peers(moving)),
                new RosterStep.RemoveMembers("class-10", peer(made, classes.get(10)), peers(moving2)),
                new RosterStep.RetireClass("class-3", peer(made, classes.get(3)), peers(List.copyOf(classes.get(3).members()))));
        assertThat(changes.apiCalls()).isEqualTo(1 + 5 + 3 + 5 + 3 + 30);
        RosterApplyResult result = sync.apply(changes);
        assertThat(result.complete()).isTrue();
        assertThat(result.steps()).allMatch(s -> s.status() == StepStatus.DONE);

        Map<String, FakeChat> now = Rosters.chatsByTitle(school, admin.id());
        assertThat(now).hasSize(200).containsKey("Класс 2 (профильный)").doesNotContainKey("Класс 2");
        for (RosterClass c : next) {
            assertThat(Rosters.users(now.get(c.title()))).as(c.classId()).isEqualTo(c.members());
        }
        assertThat(Rosters.users(now.get("Класс 3"))).as("the retired chat keeps only its owner").isEmpty();
        assertThat(sync.plan(second).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_whenACommunityCannotAddMembers_plansInviteLinksAndApplyMessagesThoseWhoAllowIt(Mode mode) {
        ChatClient chats = school.communityChats(mode);
        RosterSync sync = RosterSync.builder().chats(chats).mappings(ChatMappingStore.inMemory())
                .config(RosterSyncConfig.builder().inviteMessage("Присоединяйтесь к чату класса:").build()).build();
        List<RosterClass> classes = Rosters.newClasses(school, 3, 5, 2);
        sync.apply(sync.plan(Roster.of(classes)));
        List<FakeUser> newcomers = school.users(3, "Новенький");
        school.fake.allowMessages(newcomers.get(0), school.community);
        school.fake.allowMessages(newcomers.get(1), school.community);
        RosterClass grown = Rosters.withPupils(classes.get(1), concat(classes.get(1).pupils(), Rosters.ids(newcomers)));

        RosterPlan plan = sync.plan(Roster.of(List.of(classes.get(0), grown, classes.get(2))));

        assertThat(plan.steps()).hasSize(1).first().isInstanceOf(RosterStep.InviteMembers.class);
        RosterStep.InviteMembers invite = (RosterStep.InviteMembers) plan.steps().get(0);
        assertThat(invite.users()).containsExactlyElementsOf(Rosters.ids(newcomers));
        assertThat(plan.apiCalls()).as("the link and one send").isEqualTo(2);
        assertThat(plan.requestsPerSecond()).as("a community token's rate").isEqualTo(20.0);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("needs a user token").contains("3 users of 1 classes"));

        RosterApplyResult result = sync.apply(plan);

        StepResult step = result.steps().get(0);
        assertThat(step.status()).isEqualTo(StepStatus.PARTIAL);
        assertThat(step.memberFailures()).singleElement().satisfies(f -> {
            assertThat(f.member()).isEqualTo(PeerId.user(newcomers.get(2).id()));
            assertThat(f.error()).isInstanceOf(MessagesNotAllowedException.class);
        });
        PendingInvite pending = result.invites().get(0);
        InviteLink link = pending.link();
        Canary.register(link.url());
        assertThat(pending.users()).hasSize(3);
        assertThat(pending.messaged()).containsExactly(UserId.of(newcomers.get(0).id()), UserId.of(newcomers.get(1).id()));
        List<FakeMessage> dm = school.fake.messagesIn(school.community.ownerId(), newcomers.get(0).id());
        assertThat(dm).singleElement().satisfies(m -> assertThat(m.text()).endsWith(link.url()));

        sync.apply(plan);
        assertThat(school.fake.messagesIn(school.community.ownerId(), newcomers.get(0).id()))
                .as("re-applying sends the same invitation with the same key: no second message").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenTheStateChangedSincePlanning_recountsInsteadOfFailing(Mode mode) {
        ChatClient chats = school.userChats(mode, school.director);
        RosterSync sync = RosterSync.builder().chats(chats).mappings(ChatMappingStore.inMemory()).build();
        List<RosterClass> classes = Rosters.newClasses(school, 2, 4, 0);
        sync.apply(sync.plan(Roster.of(classes)));
        List<FakeUser> extra = school.users(2, "Переведённый");
        RosterClass grown = Rosters.withPupils(classes.get(0), concat(classes.get(0).pupils().subList(1, 4), Rosters.ids(extra)));
        RosterPlan plan = sync.plan(Roster.of(List.of(grown, classes.get(1))));
        assertThat(plan.steps()).hasSize(2);

        // meanwhile a teacher did part of it by hand
        FakeChat chat = Rosters.chatsByTitle(school, school.director.id()).get("Класс 0");
        school.fake.addChatMember(chat, extra.get(0).id());
        chats.removeMember(PeerId.chat(chat.chatIdFor(school.director.id())), classes.get(0).pupils().get(0));

        RosterApplyResult result = sync.apply(plan);

        assertThat(result.complete()).isTrue();
        assertThat(result.steps()).extracting(StepResult::status).containsExactly(StepStatus.DONE, StepStatus.ALREADY_DONE);
        assertThat(Rosters.users(Rosters.chatsByTitle(school, school.director.id()).get("Класс 0"))).isEqualTo(grown.members());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apply_whenTheCommunityIsNotAChatAdmin_failsThatStepWithTheRemedyAndGoesOn(Mode mode) {
        ChatClient chats = school.communityChats(mode);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings).build();
        List<FakeUser> pupils = school.users(3, "Ученик");
        FakeUser teacher = school.fake.createUser("Ольга", "Павлова");
        FakeChat byTeacher = school.fake.createChat(teacher.id(), "5А", pupils.toArray(FakeUser[]::new));
        school.fake.addChatMember(byTeacher, school.community.ownerId());
        FakeChat linked = school.fake.chat(byTeacher.id()).orElseThrow();
        mappings.recordChat("5a", PeerId.chat(linked.chatIdFor(school.community.ownerId())));
        List<RosterClass> classes = List.of(new RosterClass("5a", "5А", List.of(UserId.of(teacher.id())),
                        Rosters.ids(pupils.subList(0, 2)), List.of()),
                Rosters.newClass(school, 9, 2, 0));

        RosterApplyResult result = sync.apply(sync.plan(Roster.of(classes)));

        StepResult removal = result.steps().stream().filter(s -> s.step() instanceof RosterStep.RemoveMembers).findFirst().orElseThrow();
        assertThat(removal.status()).isEqualTo(StepStatus.FAILED);
        assertThat(removal.error()).containsInstanceOf(NotChatAdminException.class);
        assertThat(removal.error().orElseThrow().remedy()).hasValueSatisfying(r -> assertThat(r).contains("admin"));
        assertThat(result.steps()).filteredOn(s -> s.step() instanceof RosterStep.CreateChat).extracting(StepResult::status)
                .containsExactly(StepStatus.DONE);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_whenAMappedChatIsGoneForTheAccount_notesItAndCreatesANewOne(Mode mode) {
        ChatClient chats = school.userChats(mode, school.director);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings).build();
        List<RosterClass> classes = Rosters.newClasses(school, 2, 3, 0);
        sync.apply(sync.plan(Roster.of(classes)));
        mappings.recordChat("class-1", PeerId.chat(99_999));

        RosterPlan plan = sync.plan(Roster.of(classes));

        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("class-1").contains("chat:99999").contains("new chat"));
        assertThat(plan.steps()).containsExactly(new RosterStep.CreateChat("class-1", "Класс 1", List.copyOf(classes.get(1).members()), false));
        assertThat(sync.apply(plan).complete()).isTrue();
        assertThat(mappings.find("class-1").flatMap(ChatMapping::chat)).get().isNotEqualTo(PeerId.chat(99_999));
        assertThat(sync.plan(Roster.of(classes)).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void plan_whenTheActingUserIsInAChatButNotInItsRoster_neverRemovesThemAndSaysSo(Mode mode) {
        ChatClient chats = school.userChats(mode, school.director);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings)
                .config(RosterSyncConfig.builder().retiredClasses(RosterSyncConfig.Retired.REMOVE_MEMBERS).build()).build();
        // a teacher made the chats and added the director, whose user token the school's system uses
        FakeUser teacher = school.fake.createUser("Ольга", "Павлова");
        List<FakeUser> pupils = school.users(3, "Ученик");
        FakeChat c5 = school.fake.createChat(teacher.id(), "5А", pupils.get(0), pupils.get(1), school.director);
        FakeChat c6 = school.fake.createChat(teacher.id(), "6Б", pupils.get(2), school.director);
        long me = school.director.id();
        c5 = school.fake.setChatAdmin(c5, me, true);
        c6 = school.fake.setChatAdmin(c6, me, true);
        mappings.recordChat("5a", PeerId.chat(c5.chatIdFor(me)));
        mappings.recordChat("6b", PeerId.chat(c6.chatIdFor(me)));
        Roster roster = Roster.of(List.of(new RosterClass("5a", "5А", List.of(UserId.of(teacher.id())),
                List.of(UserId.of(pupils.get(0).id())), List.of())));

        assertThat(chats.actor()).isEqualTo(PeerId.user(me));
        RosterPlan plan = sync.plan(roster);

        assertThat(plan.steps()).containsExactly(
                new RosterStep.RemoveMembers("5a", PeerId.chat(c5.chatIdFor(me)), List.of(PeerId.user(pupils.get(1).id()))),
                new RosterStep.RetireClass("6b", PeerId.chat(c6.chatIdFor(me)), List.of(PeerId.user(pupils.get(2).id()))));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n)
                .isEqualTo("the acting account user:" + me + " is in the chats of 1 classes but not in their roster (5a); roster sync "
                        + "never removes it"));
        assertThat(sync.apply(plan).complete()).isTrue();
        assertThat(school.fake.chat(c5.id()).orElseThrow().memberIds()).contains(me).doesNotContain(pupils.get(1).id());
        assertThat(school.fake.chat(c6.id()).orElseThrow().memberIds()).contains(me).doesNotContain(pupils.get(2).id());
        assertThat(sync.plan(roster).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void actor_whenAskedOfEitherToken_namesTheAccountAsAChatMember(Mode mode) {
        assertThat(school.communityChats(mode).actor()).isEqualTo(PeerId.community(school.community.id()));
        ChatClient user = school.userChats(mode, school.director);
        assertThat(user.actor()).isEqualTo(PeerId.user(school.director.id()));
        assertThat(user.actor()).isEqualTo(PeerId.user(school.director.id()));
        assertThat(school.fake.methodCallCount("users.get")).as("asked once, then remembered").isEqualTo(1);
    }

    private static PeerId peer(Map<String, FakeChat> chats, RosterClass c) {
        return PeerId.chat(chats.get(c.title()).chatIdFor(chats.get(c.title()).ownerId()));
    }

    private static List<PeerId> peers(List<UserId> users) {
        return users.stream().map(UserId::peer).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

}
