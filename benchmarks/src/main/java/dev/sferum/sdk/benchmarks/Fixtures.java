package dev.sferum.sdk.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Typical VK answers, built deterministically in VK's shape (field names and order as {@code api.vk.com} sends
 * them), and the records a typed client would read them into.
 */
public final class Fixtures {
    private Fixtures() {
    }

    private static final String[] FIRST = {"Анна", "Иван", "Мария", "Пётр", "Ольга", "Дмитрий", "Елена", "Сергей", "Наталья", "Алексей"};
    private static final String[] LAST = {"Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Васильев", "Соколова", "Михайлов", "Новикова", "Фёдоров"};

    /** {@code messages.send} to one peer. */
    public static final byte[] SEND = "{\"response\":1048577}".getBytes(StandardCharsets.UTF_8);

    /** A VK error: the user has blocked messages from the community. */
    public static final byte[] ERROR_901 = ("{\"error\":{\"error_code\":901,\"error_msg\":\"Can't send messages for users without permission\","
            + "\"request_params\":[{\"key\":\"method\",\"value\":\"messages.send\"},{\"key\":\"oauth\",\"value\":\"1\"},"
            + "{\"key\":\"v\",\"value\":\"5.199\"},{\"key\":\"peer_id\",\"value\":\"1001\"},{\"key\":\"random_id\",\"value\":\"77\"}]}}")
            .getBytes(StandardCharsets.UTF_8);

    /** {@code messages.getConversationMembers} of a class chat: 30 members with their profiles. */
    public static final byte[] MEMBERS_30 = members(30);

    /** {@code messages.getHistory}: one page of 20 messages. */
    public static final byte[] HISTORY_20 = history(20);

    static byte[] members(int n) {
        StringBuilder sb = new StringBuilder("{\"response\":{\"count\":").append(n).append(",\"items\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            long id = i == 0 ? -229000001L : 700_000_000L + i * 7919L;
            sb.append("{\"member_id\":").append(id).append(",\"invited_by\":-229000001,\"join_date\":").append(1_735_689_600L + i * 60)
                    .append(",\"is_admin\":").append(i == 0).append(i == 0 ? ",\"is_owner\":true" : "")
                    .append(",\"can_kick\":").append(i != 0).append(",\"is_restricted_to_write\":false}");
        }
        sb.append("],\"chat_restrictions\":{\"only_admins_invite\":true,\"only_admins_edit_info\":true,\"only_admins_edit_pin\":true,"
                + "\"only_admins_kick\":true,\"admins_promote_users\":false},\"profiles\":[");
        for (int i = 1; i < n; i++) {
            if (i > 1) {
                sb.append(',');
            }
            long id = 700_000_000L + i * 7919L;
            sb.append("{\"id\":").append(id).append(",\"sex\":").append(i % 2 + 1)
                    .append(",\"screen_name\":\"id").append(id).append("\",\"photo_50\":\"https://sun9-").append(i % 80)
                    .append(".userapi.com/s/v1/ig2/AbCdEfGhIjKlMnOpQrStUvWxYz").append(id).append(".jpg?size=50x50&quality=96&crop=0,0,400,400&ava=1\"")
                    .append(",\"photo_100\":\"https://sun9-").append(i % 80).append(".userapi.com/s/v1/ig2/AbCdEfGhIjKlMnOpQrStUvWxYz").append(id)
                    .append(".jpg?size=100x100&quality=96&crop=0,0,400,400&ava=1\",\"online\":").append(i % 3 == 0 ? 1 : 0)
                    .append(",\"first_name\":\"").append(FIRST[i % FIRST.length]).append("\",\"last_name\":\"").append(LAST[(i * 3) % LAST.length])
                    .append("\",\"can_access_closed\":true,\"is_closed\":false}");
        }
        sb.append("],\"groups\":[{\"id\":229000001,\"name\":\"Школа №17 — 7Б\",\"screen_name\":\"club229000001\",\"is_closed\":0,"
                + "\"type\":\"group\",\"photo_50\":\"https://sun9-1.userapi.com/impg/group50.jpg\",\"photo_100\":\"https://sun9-1.userapi.com/impg/group100.jpg\"}]}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] history(int n) {
        StringBuilder sb = new StringBuilder("{\"response\":{\"count\":").append(1200).append(",\"items\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            long from = i % 4 == 0 ? -229000001L : 700_000_000L + i * 7919L;
            sb.append("{\"date\":").append(1_735_700_000L - i * 97).append(",\"from_id\":").append(from)
                    .append(",\"id\":0,\"version\":").append(10_000_000 + i).append(",\"out\":").append(from < 0 ? 1 : 0)
                    .append(",\"fwd_messages\":[],\"important\":false,\"is_hidden\":false,\"attachments\":[],\"conversation_message_id\":")
                    .append(1200 - i).append(",\"text\":\"")
                    .append(i % 2 == 0 ? "Домашнее задание: параграф " + (i + 3) + ", упражнения 1–5. Сдать до пятницы."
                            : "Спасибо, поняла! А можно прислать фото тетради?")
                    .append("\",\"peer_id\":2000000001,\"random_id\":").append(i % 4 == 0 ? 900_000 + i : 0).append('}');
        }
        sb.append("]}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A member of a chat, as {@code getConversationMembers} lists it. */
    public record Member(long member_id, long invited_by, long join_date, boolean is_admin, boolean is_owner, boolean can_kick) {
    }

    /** A user profile, with the fields a roster needs. */
    public record Profile(long id, String first_name, String last_name, String screen_name, int sex, String photo_100, boolean online) {
    }

    /** {@code getConversationMembers}. */
    public record Members(int count, List<Member> items, List<Profile> profiles) {
    }

    /** A message, with the fields a chat client needs. */
    public record Message(long id, long date, long peer_id, long from_id, String text, long conversation_message_id, long random_id,
            boolean out) {
    }

    /** {@code getHistory}. */
    public record History(int count, List<Message> items) {
    }
}
