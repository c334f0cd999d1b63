package dev.sferum.sdk.video;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code calls.start} answer in the schema's shape but without a usable {@code call_id} (only the links are
 * required): the lesson counts as started, its link is posted once, and no second call is ever started.
 */
class LessonSchedulerCallIdTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NINE = Instant.parse("2026-09-07T06:00:00Z");

    private FakeVk fake;
    private FakeClock clock;

    @BeforeEach
    void start() {
        clock = FakeClock.at(NINE.minusSeconds(3600));
        fake = FakeVk.builder().clock(clock).rateLimitsEnabled(false).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"call_id\":\"short-id\","})
    void runDue_whenCallsStartAnswersNoUsableCallId_startsOnePostsOnceAndNeverStartsAgain(String callId) {
        vk.stubFor(post("/method/calls.start").willReturn(okJson("{\"response\":{" + callId
                + "\"join_link\":\"https://vk.com/call/join/Lesson1\",\"ok_join_link\":\"https://ok.ru/videochat/1\"}}")));
        FakeUser teacher = fake.createUser("Анна", "Петрова");
        FakeCommunity school = fake.createCommunity("Школа №1", teacher);
        FakeChat chat = fake.createChat(school.ownerId(), "7Б");
        PeerId peer = PeerId.chat(chat.chatIdFor(school.ownerId()));
        CallClient calls = CallClient.vk(ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).clock(clock)
                .rateLimits(RateLimits.unlimited()).build()).token(AccessToken.user("vk1.a.teacherTOKENforCALLStests000000000000000")).buildClient());
        ChatClient chats = VkChats.client(ApiClient.builder().config(ClientConfig.builder().baseUri(fake.baseUri()).clock(clock)
                .rateLimits(RateLimits.unlimited()).build()).token(AccessToken.community(school.token().value(), school.id())).buildClient(),
                ChatActor.community(school.id()));
        LessonScheduler s = LessonScheduler.builder().calls(calls).chats(chats).store(ScheduleStore.inMemory()).clock(clock)
                .groupId(school.id()).build();
        Lesson lesson = s.schedule(r -> r.classChat(peer).title("Математика").startsAt(NINE).endsAt(NINE.plusSeconds(45 * 60)));

        for (int minute = 0; minute <= 120; minute += 1) {
            clock.set(NINE.minusSeconds(600).plusSeconds(minute * 60L));
            s.runDue();
        }

        assertThat(vk.findAll(postRequestedFor(urlEqualTo("/method/calls.start")))).as("the call started once").hasSize(1);
        assertThat(vk.findAll(postRequestedFor(urlEqualTo("/method/calls.forceFinish")))).as("no id forceFinish takes").isEmpty();
        Lesson after = s.lessons().stream().filter(l -> l.id().equals(lesson.id())).findFirst().orElseThrow();
        assertThat(after.state()).isEqualTo(LessonState.FINISHED);
        assertThat(after.joinLink()).isEqualTo("https://vk.com/call/join/Lesson1");
        assertThat(fake.messagesIn(school.ownerId(), FakeChat.CHAT_PEER_BASE + peer.id()))
                .filteredOn(m -> m.text().contains("https://vk.com/call/join/Lesson1")).hasSize(1);
    }
}
