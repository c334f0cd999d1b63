package dev.sferum.sdk.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * VK's error descriptions by code, loaded once from the official schema's {@code errors.json} (copied into
 * {@code vk-errors.properties}); immutable after construction.
 */
public final class VkErrors {

    private static final VkErrors INSTANCE = load();

    private final Map<Integer, String> descriptions;

    private VkErrors(Map<Integer, String> descriptions) {
        this.descriptions = Map.copyOf(descriptions);
    }

    /** Returns the shared, immutable table. */
    public static VkErrors table() {
        return INSTANCE;
    }

    /** Returns whether the schema knows this code. */
    public boolean known(int code) {
        return descriptions.containsKey(code);
    }

    /** Returns VK's description for a code, e.g. 935 → "User not found in chat". */
    public String description(int code) {
        return descriptions.getOrDefault(code, "Unknown error occurred");
    }

    private static VkErrors load() {
        Properties properties = new Properties();
        try (InputStream in = VkErrors.class.getResourceAsStream("vk-errors.properties")) {
            if (in == null) {
                throw new IllegalStateException("vk-errors.properties is missing from the testkit jar");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vk-errors.properties", e);
        }
        Map<Integer, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put(Integer.parseInt((String) k), (String) v));
        return new VkErrors(map);
    }
}
