package dev.sferum.sdk.max.internal;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Attachments on MAX, in the SDK's string form {@code <type>:<token>}: {@code image:<token>}, {@code video:<token>},
 * {@code audio:<token>}, {@code file:<token>} for files uploaded through MAX's {@code /uploads} (the token MAX returned),
 * and {@code sticker:<code>}. They become MAX's {@code AttachmentRequest} objects {@code {"type", "payload"}}. VK
 * attachment ids ({@code photo-123_456}) cannot travel to MAX and are refused with a remedy.
 */
public final class MaxAttachments {
    private static final Set<String> UPLOADED = Set.of("image", "video", "audio", "file");
    private static final Set<String> ALONE = Set.of("audio", "file");
    private static final Pattern VK_ATTACHMENT = Pattern.compile(
            "(photo|video|audio|doc|wall|market|poll|link|story|graffiti|audio_message|article|podcast)-?\\d+_\\d+(_\\w+)?");

    private MaxAttachments() {
    }

    /**
     * Checks and converts the attachments of a message.
     *
     * @param attachments the string forms
     * @return MAX's {@code attachments} array
     * @throws IllegalArgumentException if one is a VK attachment, has an unknown type, or an audio or file is not alone
     */
    public static ArrayNode toMax(List<String> attachments) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (String a : attachments) {
            if (VK_ATTACHMENT.matcher(a).matches()) {
                throw new IllegalArgumentException("\"" + a + "\" is a VK attachment, which MAX cannot carry; upload the file to MAX "
                        + "(POST /uploads) and attach it as <type>:<token>, such as image:<token> or file:<token>");
            }
            int colon = a.indexOf(':');
            String type = colon > 0 ? a.substring(0, colon).toLowerCase(Locale.ROOT) : "";
            String value = colon > 0 ? a.substring(colon + 1) : "";
            if (value.isEmpty() || !(UPLOADED.contains(type) || "sticker".equals(type))) {
                throw new IllegalArgumentException("\"" + a + "\" is not a MAX attachment; use <type>:<token> with type image, video, "
                        + "audio or file (the token MAX's /uploads returned), or sticker:<code>");
            }
            if (ALONE.contains(type) && attachments.size() > 1) {
                throw new IllegalArgumentException("MAX sends an " + type + " attachment only on its own; this message has "
                        + attachments.size() + " attachments: send the " + type + " in a message of its own");
            }
            ObjectNode item = out.addObject();
            item.put("type", type);
            item.putObject("payload").put("sticker".equals(type) ? "code" : "token", value);
        }
        return out;
    }
}
