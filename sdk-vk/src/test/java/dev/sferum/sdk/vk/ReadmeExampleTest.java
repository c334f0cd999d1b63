package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterApplyResult;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterPlan;
import dev.sferum.sdk.chat.roster.RosterProgressListener;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.School;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example, verbatim apart from where the token, host and folder come from: it compiles and runs. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExample_runsAgainstTheFake() {
        try (School school = School.open()) {
            List<FakeUser> u = school.users(4, "Ученик");
            List<String> journal = new ArrayList<>();
            example(school.community.token().value(), school.community.id(), school.config(), dir,
                    u.get(0).id(), u.get(1).id(), u.get(2).id(), u.get(3).id(), journal);

            assertThat(school.fake.chats()).extracting(c -> c.title()).containsExactlyInAnyOrder("7Б", "7Б класс");
            assertThat(school.fake.chats()).filteredOn(c -> c.title().equals("7Б класс")).singleElement()
                    .satisfies(c -> assertThat(c.memberIds()).contains(u.get(0).id(), u.get(2).id(), u.get(3).id()));
            assertThat(journal).as("nothing the community could not do").isEmpty();
        }
    }

    /** The README example; {@code journal} stands for the school system's own channel. */
    static void example(String tokenValue, long groupId, ClientConfig config, Path dir, long pupil1, long pupil2, long teacher,
                        long parent, List<String> journal) {
        AccessToken token = AccessToken.community(tokenValue, groupId);
        ApiClient api = ApiClient.builder().config(config).token(token).buildClient();
        ChatClient chats = VkChats.builder()
                .actor(ChatActor.of(token))
                .outbox(MessageOutbox.file(dir.resolve("outbox.json")))
                .buildClient(api);
        chats.resendPending();                                           // finish what a crashed run left

        PeerId chat = chats.createChat(r -> r.title("7Б").members(UserId.of(pupil1), UserId.of(pupil2))).chat();
        chats.send(r -> r.peer(chat).text("Урок перенесён на 10:00"));

        RosterSync sync = RosterSync.builder()
                .chats(chats)
                .mappings(ChatMappingStore.file(dir.resolve("chats.json")))
                .build();
        RosterClass c7b = new RosterClass("2025-7b", "7Б класс",
                List.of(UserId.of(teacher)), List.of(UserId.of(pupil1)), List.of(UserId.of(parent)));
        RosterPlan plan = sync.plan(Roster.of(List.of(c7b)));
        plan.notes().forEach(journal::add);
        RosterApplyResult result = sync.apply(plan, RosterProgressListener.NONE);
        result.invites().forEach(i -> journal.add("invite " + i.users().size() + " users to " + i.classId()));
    }
}
