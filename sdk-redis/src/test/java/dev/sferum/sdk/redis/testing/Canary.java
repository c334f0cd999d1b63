package dev.sferum.sdk.redis.testing;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.testsupport.Secrets;

/** Secret values used across the test suite; none of them may ever appear in a log line or exception message. */
public final class Canary {
    public static final String COMMUNITY_TOKEN = "vk1.a.CANARYcommunityTOKENb7Nk2Wd5Jf8Hs3Gq6Ve9";
    /** A second token, for warming clients up without touching the measured token's budget. */
    public static final String WARMUP_TOKEN = "vk1.a.CANARYwarmupTOKENr5Tg8Yh2Uj4Ik6Ol";
    /** The password of the Redis servers the tests start themselves. */
    public static final String REDIS_PASSWORD = "CANARYredisPASSWORDx7Hq2Lm4";
    /** A wrong password, for the bad-credentials tests. */
    public static final String WRONG_PASSWORD = "CANARYwrongPASSWORDk3Jd8Vb1";

    private Canary() {
    }

    /** Adds a secret to watch for, such as the password in the CI's Redis URL. */
    public static void watch(String secret) {
        Secrets.register(secret);
    }

    public static AccessToken community() {
        return AccessToken.community(COMMUNITY_TOKEN, 123456);
    }
}
