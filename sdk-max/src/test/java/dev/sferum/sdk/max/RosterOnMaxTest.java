package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UnsupportedChatOperationException;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterStep;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.RosterSyncConfig;
import dev.sferum.sdk.chat.roster.StepStatus;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.Mode;
import dev.sferum.sdk.max.testing.VirtualTime;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roster sync on MAX: classes are linked to the chats the bot was added to (never created), then synced as usual; a
 * class without a chat is named with what to do, and its creation step fails NOT_SUPPORTED without a request.
 */
class RosterOnMaxTest {
    private FakeMax fake;
    private FakeMaxBot bot;
    private FakeMaxUser teacher;

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
    }

    private ChatClient client(Mode mode) {
        MaxConfig config = MaxConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new VirtualTime())
                .clock(fake.clock()).build();
        return mode.max(MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rosterSync_whenChatsExistForSomeClasses_linksThoseSyncsTheirMembersAndNamesTheRest(Mode mode) {
        FakeMaxUser stays = fake.createUser("Остаётся", "Ученик");
        FakeMaxUser left = fake.createUser("Ушёл", "Ученик");
        FakeMaxUser joins = fake.createUser("Новый", "Ученик");
        FakeMaxChat c7 = fake.addBot(fake.createChat(teacher, "7Б", stays, left), bot, true);
        fake.addBot(fake.createChat(teacher, "8А"), bot, true);
        fake.addBot(fake.createChat(teacher, "8А"), bot, true);
        fake.createChat(teacher, "9В");
        ChatClient chats = client(mode);
        ChatMappingStore mappings = ChatMappingStore.inMemory();
        Roster roster = Roster.of(List.of(
                new RosterClass("7b", "7Б", List.of(UserId.of(teacher.id())), List.of(UserId.of(stays.id()), UserId.of(joins.id())), List.of()),
                new RosterClass("8a", "8А", List.of(UserId.of(teacher.id())), List.of(), List.of()),
                new RosterClass("9v", "9В", List.of(UserId.of(teacher.id())), List.of(), List.of())));

        MaxChatLinks.Plan links = MaxChatLinks.plan(chats, mappings, roster);

        assertThat(links.links()).containsExactly(new MaxChatLinks.Link("7b", PeerId.chat(c7.id()), "7Б"));
        assertThat(links.notes()).hasSize(2);
        assertThat(links.notes().get(0)).startsWith("class 8a: 2 chats titled \"8А\"").contains("recordChat");
        assertThat(links.notes().get(1)).startsWith("class 9v: no chat titled \"9В\" has the bot in it").contains("add the bot");
        assertThat(MaxChatLinks.apply(links, mappings)).hasSize(1);
        assertThat(mappings.find("7b").flatMap(m -> m.chat())).contains(PeerId.chat(c7.id()));

        // On MAX the bot is a user member of its chats; until roster sync leaves the acting account alone by itself
        // (asked of sdk-chat), keep it explicitly so it never removes itself.
        RosterSync sync = RosterSync.builder().chats(chats).mappings(mappings)
                .config(RosterSyncConfig.builder().keep(UserId.of(bot.id())).build()).build();
        RosterPlan plan = sync.plan(roster);
        assertThat(plan.steps(RosterStep.AddMembers.class)).singleElement()
                .satisfies(a -> assertThat(a.users()).containsExactly(UserId.of(joins.id())));
        assertThat(plan.steps(RosterStep.RemoveMembers.class)).singleElement()
                .satisfies(r -> assertThat(r.members()).containsExactly(PeerId.user(left.id())));
        int requestsBefore = fake.requests().size();
        RosterApplyResult result = sync.apply(plan);

        FakeMaxChat now = fake.chat(c7.id()).orElseThrow();
        assertThat(now.memberIds()).contains(joins.id(), stays.id(), teacher.id(), bot.id()).doesNotContain(left.id());
        assertThat(result.steps()).filteredOn(s -> s.step() instanceof RosterStep.CreateChat).hasSize(2).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(StepStatus.FAILED);
            assertThat(s.error()).containsInstanceOf(UnsupportedChatOperationException.class);
        });
        assertThat(fake.requests().subList(requestsBefore, fake.requests().size()))
                .as("no request tried to create a chat").noneMatch(r -> r.httpMethod().equals("POST") && r.path().equals("/chats"));
    }
}
