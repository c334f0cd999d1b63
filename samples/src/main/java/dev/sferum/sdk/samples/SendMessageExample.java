package dev.sferum.sdk.samples;

import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.CreateChatResult;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;

/**
 * The smallest useful program: make a class chat and send it a message, exactly once. Runs against an embedded
 * fake; to use the real API, build the {@link ApiClient} with {@code https://api.vk.com} and your community token.
 *
 * <pre>
 * java -cp samples/target/sferum-demo.jar dev.sferum.sdk.samples.SendMessageExample
 * </pre>
 */
public final class SendMessageExample {
    private SendMessageExample() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        try (FakeVk vk = FakeVk.start()) {
            FakeUser pupil = vk.createUser("Иван", "Петров");
            FakeCommunity school = vk.createCommunity("Школа №1");
            System.out.println(run(vk.baseUri().toString(), school.token().value(), school.id(), pupil.id()));
        }
    }

    static String run(String apiUrl, String communityToken, long groupId, long pupilId) {
        ApiClient api = ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(apiUrl).build())
                .token(AccessToken.community(communityToken, groupId))
                .buildClient();
        ChatClient chats = VkChats.builder().actor(ChatActor.community(groupId)).buildClient(api);

        CreateChatResult chat = chats.createChat(r -> r.title("7Б").members(UserId.of(pupilId)));
        SendResult sent = chats.send(r -> r.peer(chat.chat()).text("Завтра контрольная по алгебре."));

        return "sent " + sent.messages() + " to " + chat.chat();
    }
}
