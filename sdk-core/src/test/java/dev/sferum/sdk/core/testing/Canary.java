package dev.sferum.sdk.core.testing;

import dev.sferum.sdk.core.AccessToken;

/** Secret values used across the test suite; none of them may ever appear in a log line. */
public final class Canary {
    public static final String USER_TOKEN = "vk1.a.CANARYuserTOKENq8Zs3XvB2Lm9Pq7Rw4Tz6Yc1";
    public static final String COMMUNITY_TOKEN = "vk1.a.CANARYcommunityTOKENb7Nk2Wd5Jf8Hs3Gq6Ve9";
    public static final String SERVICE_TOKEN = "CANARYserviceTOKEN0a1b2c3d4e5f60718293a4b5c";
    public static final String FRESH_USER_TOKEN = "vk1.a.CANARYfreshUSERtokenM4n5B6v7C8x9Z0l1K2j3";

    private Canary() {
    }

    public static AccessToken user() {
        return AccessToken.user(USER_TOKEN);
    }

    public static AccessToken community() {
        return AccessToken.community(COMMUNITY_TOKEN, 123456);
    }

    public static AccessToken service() {
        return AccessToken.service(SERVICE_TOKEN);
    }
}
