package dev.sferum.sdk.samples;

import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.chat.roster.RosterSyncConfig;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxChats;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.video.CallClient;
import dev.sferum.sdk.video.LessonScheduler;
import dev.sferum.sdk.video.ScheduleStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.List;

/**
 * Everything one run of the tool talks through, built from the command line: the API client with its token,
 * the chat client with its outbox, roster sync with its mapping store, and (for lessons) the call client. All
 * state lives under the {@code --state} folder, so a re-run resumes.
 */
final class Session {
    final ApiClient api;
    final ChatClient chats;
    final RosterSync sync;
    final ChatMappingStore mappings;
    final Path state;
    final Clock clock;
    final AccessToken token;
    private final ClientConfig config;

    /** A session on the MAX messenger: chats through the MAX bot API; no chat creation, so roster sync links chats. */
    private Session(ChatClient chats, ChatMappingStore mappings, Path state, Clock clock, Optional<Duration> deadline) {
        this.api = null;
        this.chats = chats;
        this.mappings = mappings;
        RosterSyncConfig.Builder sc = RosterSyncConfig.builder();
        deadline.ifPresent(sc::deadline);
        this.sync = RosterSync.builder().chats(chats).mappings(mappings).config(sc.build()).clock(clock).build();
        this.state = state;
        this.clock = clock;
        this.token = null;
        this.config = null;
    }

    static Session max(String apiUrl, String botToken, Path state, Clock clock) {
        return max(apiUrl, botToken, state, clock, Optional.empty());
    }

    static Session max(String apiUrl, String botToken, Path state, Clock clock, Optional<Duration> deadline) {
        ChatClient chats = MaxChats.builder().token(MaxBotToken.of(botToken))
                .config(MaxChats.defaultConfig().toBuilder().baseUri(java.net.URI.create(apiUrl)).clock(clock).build())
                .outbox(MessageOutbox.file(state.resolve("outbox.json"))).clock(clock).buildClient();
        return new Session(chats, ChatMappingStore.file(state.resolve("chats.json")), state, clock, deadline);
    }

    Session(String apiUrl, AccessToken token, Path state, Integer rps, Clock clock) {
        this(apiUrl, token, state, rps, clock, Optional.empty());
    }

    Session(String apiUrl, AccessToken token, Path state, Integer rps, Clock clock, Optional<Duration> deadline) {
        this.state = state;
        this.clock = clock;
        this.token = token;
        RateLimits limits = rps == null ? RateLimits.defaults() : RateLimits.builder().perSecond(token.kind(), rps).build();
        this.config = ClientConfig.builder().baseUrl(apiUrl).clock(clock).rateLimits(limits).build();
        this.api = ApiClient.builder().config(config).token(token).buildClient();
        this.chats = VkChats.builder().actor(ChatActor.of(token)).outbox(MessageOutbox.file(state.resolve("outbox.json")))
                .clock(clock).buildClient(api);
        this.mappings = ChatMappingStore.file(state.resolve("chats.json"));
        RosterSyncConfig.Builder sc = RosterSyncConfig.builder();
        if (rps != null) {
            sc.requestsPerSecond(rps);
        }
        deadline.ifPresent(sc::deadline);
        this.sync = RosterSync.builder().chats(chats).mappings(mappings).config(sc.build()).clock(clock).build();
    }

    /** A lesson scheduler whose calls use {@code teacher}'s user token and whose links go out through this session. */
    LessonScheduler lessons(AccessToken teacher, long groupId) {
        return lessons(teacher, groupId, new dev.sferum.sdk.video.LessonListener() {
        });
    }

    /** A scheduler whose failed steps back off in seconds, as a command someone waits for needs. */
    LessonScheduler lessons(AccessToken teacher, long groupId, dev.sferum.sdk.video.LessonListener listener) {
        if (teacher.kind() != TokenKind.USER) {
            throw new IllegalArgumentException("lessons need a teacher's user token (calls.start accepts only user tokens)");
        }
        CallClient calls = CallClient.vk(ApiClient.builder().config(config).token(teacher).buildClient());
        LessonScheduler.Builder b = LessonScheduler.builder().calls(calls).chats(chats).clock(clock)
                .store(ScheduleStore.file(state.resolve("lessons.json"))).retryInterval(Duration.ofSeconds(2))
                .maxRetryInterval(Duration.ofSeconds(15)).listener(listener);
        if (groupId > 0) {
            b.groupId(groupId);
        }
        return b.build();
    }

    static Roster toRoster(List<RosterCsv.SchoolClass> classes) {
        return Roster.of(classes.stream().map(c -> new RosterClass(c.id(), c.title(), ids(c.teachers()), ids(c.pupils()),
                ids(c.parents()))).toList());
    }

    private static List<UserId> ids(java.util.Set<Long> ids) {
        return ids.stream().sorted().map(UserId::of).toList();
    }
}
