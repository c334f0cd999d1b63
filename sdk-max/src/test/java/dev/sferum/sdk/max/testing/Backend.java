package dev.sferum.sdk.max.testing;

import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxChats;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxMessage;
import dev.sferum.sdk.testkit.max.FakeMaxUser;

import java.util.ArrayList;
import java.util.List;

/** The two backends the chat contract suite runs against, each on its testkit fake. */
public enum Backend {
    VK {
        @Override
        public ClassChat open(Mode mode) {
            FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start();
            FakeUser teacher = fake.createUser("Анна", "Иванова");
            FakeCommunity school = fake.createCommunity("Школа №1", teacher);
            Canary.register(school.token().value());
            List<FakeUser> pupils = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pupils.add(fake.createUser("Ученик" + i, "Петров"));
            }
            FakeUser outsider = fake.createUser("Новый", "Ученик");
            fake.allowMessages(outsider, school);
            FakeChat chat = fake.createChat(teacher.id(), "7Б", pupils.toArray(FakeUser[]::new));
            chat = fake.addChatMember(chat, school.ownerId());
            chat = fake.setChatAdmin(chat, school.ownerId(), true);
            long owner = school.ownerId();
            long chatId = chat.id();
            PeerId peer = PeerId.chat(chat.chatIdFor(owner));
            ClientConfig config = ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited())
                    .timeSource(new FakeTimeSource()).build();
            ChatClient client = mode.vk(ApiClient.builder().config(config).token(AccessToken.community(school.token().value(), school.id())),
                    VkChats.builder().actor(ChatActor.community(school.id())).outbox(MessageOutbox.inMemory()));
            return new ClassChat() {
                @Override
                public ChatClient client() {
                    return client;
                }

                @Override
                public PeerId chat() {
                    return peer;
                }

                @Override
                public List<UserId> pupils() {
                    return pupils.stream().map(u -> UserId.of(u.id())).toList();
                }

                @Override
                public UserId outsider() {
                    return UserId.of(outsider.id());
                }

                @Override
                public PeerId unknownChat() {
                    return PeerId.chat(peer.id() + 1000);
                }

                private FakeChat now() {
                    return fake.chat(chatId).orElseThrow();
                }

                @Override
                public String title() {
                    return now().title();
                }

                @Override
                public boolean inChat(UserId user) {
                    return now().isMember(user.value());
                }

                @Override
                public boolean actorInChat() {
                    return now().isMember(owner);
                }

                @Override
                public List<String> texts() {
                    return fake.messagesIn(owner, now().peerIdFor(owner)).stream()
                            .filter(m -> !m.isServiceMessage() && !m.deletedForAll() && m.fromId() == owner).map(FakeMessage::text).toList();
                }

                @Override
                public boolean pinned() {
                    return now().pinnedConversationMessageId() != 0;
                }

                @Override
                public int requests() {
                    return fake.requests().size();
                }

                @Override
                public void demoteActor() {
                    fake.setChatAdmin(now(), owner, false);
                }

                @Override
                public void close() {
                    fake.close();
                }
            };
        }
    },
    MAX {
        @Override
        public ClassChat open(Mode mode) {
            FakeMax fake = FakeMax.builder().rateLimitsEnabled(false).start();
            FakeMaxBot bot = fake.createBot("Школьный бот");
            Canary.register(bot.token());
            FakeMaxUser teacher = fake.createUser("Анна", "Иванова");
            List<FakeMaxUser> pupils = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pupils.add(fake.createUser("Ученик" + i, "Петров"));
            }
            FakeMaxUser outsider = fake.createUser("Новый", "Ученик");
            FakeMaxChat chat = fake.createChat(teacher, "7Б", pupils.toArray(FakeMaxUser[]::new));
            fake.addBot(chat, bot, true);
            long chatId = chat.id();
            ClientConfig config = MaxChats.defaultConfig().toBuilder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited())
                    .timeSource(new FakeTimeSource()).clock(fake.clock()).build();
            ChatClient client = mode.max(MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config));
            return new ClassChat() {
                @Override
                public ChatClient client() {
                    return client;
                }

                @Override
                public PeerId chat() {
                    return PeerId.chat(chatId);
                }

                @Override
                public List<UserId> pupils() {
                    return pupils.stream().map(u -> UserId.of(u.id())).toList();
                }

                @Override
                public UserId outsider() {
                    return UserId.of(outsider.id());
                }

                @Override
                public PeerId unknownChat() {
                    return PeerId.chat(chatId - 1000);
                }

                private FakeMaxChat now() {
                    return fake.chat(chatId).orElseThrow();
                }

                @Override
                public String title() {
                    return now().title();
                }

                @Override
                public boolean inChat(UserId user) {
                    return now().isMember(user.value());
                }

                @Override
                public boolean actorInChat() {
                    return now().isMember(bot.id());
                }

                @Override
                public List<String> texts() {
                    return fake.messagesIn(chatId).stream().filter(m -> !m.deleted() && m.senderId() == bot.id())
                            .map(FakeMaxMessage::visibleText).toList();
                }

                @Override
                public boolean pinned() {
                    return !now().pinnedMid().isEmpty();
                }

                @Override
                public int requests() {
                    return fake.requests().size();
                }

                @Override
                public void demoteActor() {
                    fake.setAdmin(now(), bot.id(), false);
                }

                @Override
                public void close() {
                    fake.close();
                }
            };
        }
    };

    /**
     * @param mode sync or async
     * @return a class chat on this backend's fake, with a client of that mode acting in it
     */
    public abstract ClassChat open(Mode mode);
}
