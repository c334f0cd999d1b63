package dev.sferum.sdk.vk.testing;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.testsupport.Secrets;

/**
 * Secret values of the suite: fixed canary tokens for WireMock tests, plus every token and invite link the fake
 * issued to a test (registered as they are handed out). None of them may ever appear in a log line.
 */
public final class Canary {
    public static final String USER_TOKEN = "vk1.a.CANARYchatUSERtokenq8Zs3XvB2Lm9Pq7Rw4Tz6Yc1";
    public static final String COMMUNITY_TOKEN = "vk1.a.CANARYchatCOMMUNITYtokenb7Nk2Wd5Jf8Hs3Gq6Ve9";
    public static final long GROUP_ID = 123456;

    private Canary() {
    }

    /**
     * @param secret a value that must never be logged
     * @return it
     */
    public static String register(String secret) {
        return Secrets.register(secret);
    }

    public static AccessToken user() {
        return AccessToken.user(USER_TOKEN);
    }

    public static AccessToken community() {
        return AccessToken.community(COMMUNITY_TOKEN, GROUP_ID);
    }
}
