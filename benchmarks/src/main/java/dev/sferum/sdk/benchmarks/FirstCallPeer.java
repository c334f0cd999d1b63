package dev.sferum.sdk.benchmarks;

import com.vk.api.sdk.client.VkApiClient;
import com.vk.api.sdk.client.actors.GroupActor;
import com.vk.api.sdk.httpclient.HttpTransportClient;

import java.lang.management.ManagementFactory;

/** The same first call with VK's SDK, for comparison. Prints {@code FIRST <ms since JVM start>}. */
public final class FirstCallPeer {
    private FirstCallPeer() {
    }

    /**
     * @param args the server's base URL
     * @throws Exception if the call fails
     */
    public static void main(String[] args) throws Exception {
        String endpoint = args[0] + "/method/";
        VkApiClient vk = new VkApiClient(HttpTransportClient.getInstance()) {
            @Override
            public String getApiEndpoint() {
                return endpoint;
            }
        };
        Integer id = vk.messages().sendDeprecated(new GroupActor(229000001L, "vk1.a.first-call-token"))
                .peerId(2000000001L).randomId(1).message("Первый урок").execute();
        if (id == null || id <= 0) {
            throw new IllegalStateException("no message id");
        }
        System.out.println("FIRST " + ManagementFactory.getRuntimeMXBean().getUptime());
        System.exit(0);
    }
}
