package dev.sferum.sdk.auth.testing;

import dev.sferum.sdk.testsupport.Secrets;

/**
 * Secret values used across the suite; none may ever appear in a log line. Fixed canaries are the tokens, codes and
 * secrets the stubs hand out; secrets the SDK makes itself (code verifiers, states) are added by the tests that see
 * them on the wire, with {@link #remember(String)}.
 */
public final class Canary {
    public static final String ACCESS_TOKEN = "vk2.a.CANARYaccessTOKENq8Zs3XvB2Lm9Pq7Rw4Tz6Yc1";
    public static final String FRESH_ACCESS_TOKEN = "vk2.a.CANARYfreshACCESStokenM4n5B6v7C8x9Z0l1K2j3";
    public static final String THIRD_ACCESS_TOKEN = "vk2.a.CANARYthirdACCESStokenP0o9I8u7Y6t5R4e3W2q1";
    public static final String REFRESH_TOKEN = "vk2.a.CANARYrefreshTOKENa1S2d3F4g5H6j7K8l9Z0x";
    public static final String FRESH_REFRESH_TOKEN = "vk2.a.CANARYfreshREFRESHtokenQ1w2E3r4T5y6U7i8";
    public static final String THIRD_REFRESH_TOKEN = "vk2.a.CANARYthirdREFRESHtokenZ9x8C7v6B5n4M3l2";
    public static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.CANARYidTOKEN.c2lnbmF0dXJlQ0FOQVJZ";
    public static final String CODE = "CANARYcodeFromVkId5f4e3d2c1b0a";
    public static final String DEVICE_ID = "CANARYdevice-0b1c2d3e4f5a";
    public static final String CLIENT_SECRET = "CANARYclientSECRETz7Y6x5W4";
    public static final String SERVICE_TOKEN = "CANARYserviceTOKEN0a1b2c3d4e5f60718293a4b5c";
    public static final String COMMUNITY_TOKEN = "vk1.a.CANARYcommunityTOKENb7Nk2Wd5Jf8Hs3Gq6Ve9";

    private Canary() {
    }

    /** Adds a secret the SDK generated (a code verifier, a state) to the values that must stay out of logs. */
    public static void remember(String secret) {
        Secrets.register(secret);
    }
}
