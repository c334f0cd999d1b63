package dev.sferum.sdk.benchmarks;

import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;

import java.lang.management.ManagementFactory;

/**
 * Time from JVM start to the first successful chat {@code send} through sdk-chat, run on a class path holding only
 * sdk-chat's runtime closure (and this class). Prints {@code FIRST <ms since JVM start>}.
 */
public final class FirstChatSend {
    private FirstChatSend() {
    }

    /**
     * @param args the server's base URL
     */
    public static void main(String[] args) {
        ApiClient api = ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(args[0]).build())
                .token(AccessToken.community("vk1.a.first-call-token", 229000001L))
                .buildClient();
        ChatClient chats = VkChats.builder().actor(ChatActor.community(229000001L)).buildClient(api);
        SendResult r = chats.send(s -> s.peer(PeerId.chat(1)).text("Первый урок"));
        if (r.sent().isEmpty() || !r.failed().isEmpty()) {
            throw new IllegalStateException("not sent: " + r);
        }
        System.out.println("FIRST " + ManagementFactory.getRuntimeMXBean().getUptime());
    }
}
