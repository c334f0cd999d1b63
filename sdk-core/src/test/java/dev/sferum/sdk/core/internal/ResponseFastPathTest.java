package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.ResultType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed results read straight from the bytes must equal what the tree path gives, and every answer that is not a
 * plain success must be left to the tree path (which types errors exactly as before).
 */
class ResponseFastPathTest {
    record Chat(long chat_id, List<Long> peer_ids) {
    }

    private static final ResultType<Chat> CHAT = ResultType.of(Chat.class);

    private static Object fast(int status, String body) {
        return ResponseParser.readSuccess(status, body.getBytes(StandardCharsets.UTF_8), ResultReaders.reader(CHAT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200|{\"response\":{\"chat_id\":12,\"peer_ids\":[1,2],\"extra\":{\"a\":[1]}}}",
            "200|{\"other\":[1,{\"x\":2}],\"response\":{\"chat_id\":12,\"peer_ids\":[]}}",
            "404|{\"response\":{\"chat_id\":3,\"peer_ids\":[5]}}",
    })
    void readSuccess_whenPlainSuccess_equalsTheTreePath(int status, String body) {
        Object viaTree = CHAT.decode(ResponseParser.parse("messages.createChat", status, body.getBytes(StandardCharsets.UTF_8)).response());

        assertThat(fast(status, body)).isEqualTo(viaTree);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200|{\"error\":{\"error_code\":917,\"error_msg\":\"no access\"}}",
            "200|{\"response\":{\"chat_id\":1,\"peer_ids\":[]},\"error\":{\"error_code\":10,\"error_msg\":\"x\"}}",
            "500|{\"response\":{\"chat_id\":1,\"peer_ids\":[]}}",
            "429|{\"response\":{\"chat_id\":1,\"peer_ids\":[]}}",
            "200|{\"response\":{\"chat_id\":1,\"peer_ids\":[]}} trailing",
            "200|{\"response\":{\"chat_id\":\"twelve\",\"peer_ids\":[]}}",
            "200|{\"response\":{\"chat_id\":1,\"peer_ids\":[",
            "200|[{\"response\":1}]",
            "200|{\"nothing\":1}",
            "200|<html>502</html>",
            "200|' '",
    })
    void readSuccess_whenNotAPlainSuccess_leavesItToTheTreePath(int status, String body) {
        assertThat(fast(status, body)).isSameAs(ResponseParser.NOT_A_PLAIN_SUCCESS);
    }
}
