package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.exception.SferumException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based: whatever bytes come back — random, truncated, deeply nested, type-confused — the decoders end in
 * a result or a typed {@link SferumException}, never a NullPointerException, ClassCastException, stack overflow
 * or hang.
 */
class DecoderFuzzTest {
    private static final List<String> VALID = List.of(
            "{\"response\":4711}",
            "{\"response\":{\"count\":2,\"items\":[{\"member_id\":-1,\"is_admin\":true},{\"member_id\":1001,\"is_admin\":0}]}}",
            "{\"error\":{\"error_code\":14,\"error_msg\":\"Captcha needed\",\"captcha_sid\":\"1\",\"captcha_img\":\"x\",\"request_params\":[{\"key\":\"access_token\",\"value\":\"t\"}]}}",
            "{\"response\":[{\"link\":\"l\"},false],\"execute_errors\":[{\"method\":\"messages.send\",\"error_code\":901,\"error_msg\":\"no\"}]}",
            "{\"response\":{\"chat_id\":12,\"peer_ids\":[2000000012]}}");

    record Members(int count, List<Member> items) {
    }

    record Member(long member_id, boolean is_admin) {
    }

    private static final ResultType<Members> MEMBERS = ResultType.of(Members.class);

    private static void decodeAll(byte[] body, int status) {
        try {
            Answer a = ResponseParser.parse("messages.getConversationMembers", status, body);
            try {
                MEMBERS.decode(a.response());
            } catch (tools.jackson.core.JacksonException expectedShapeMismatch) {
                // the pipeline turns these into MALFORMED_BODY; see ApiClientWireTest
            }
        } catch (SferumException typed) {
            assertThat(typed.category()).isNotNull();
            assertThat(typed.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void parse_whenRandomBytes_endsTyped(@ForAll byte[] body, @ForAll @IntRange(min = 100, max = 599) int status) {
        decodeAll(body, status);
    }

    @Property(tries = 500)
    void parse_whenValidAnswerTruncated_endsTyped(@ForAll("truncations") byte[] body) {
        decodeAll(body, 200);
    }

    @Property(tries = 300)
    void parse_whenTypeConfused_endsTyped(@ForAll("confused") String body) {
        decodeAll(body.getBytes(StandardCharsets.UTF_8), 200);
    }

    @Property(tries = 20)
    void parse_whenDeeplyNested_endsTyped(@ForAll @IntRange(min = 150, max = 50_000) int depth, @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String body = "{\"response\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
        decodeAll(body.getBytes(StandardCharsets.UTF_8), 200);
    }

    @Provide
    Arbitrary<byte[]> truncations() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 400))
                .as((s, cut) -> {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    return java.util.Arrays.copyOf(b, Math.min(b.length, cut));
                });
    }

    @Provide
    Arbitrary<String> confused() {
        Arbitrary<String> values = Arbitraries.of("null", "true", "\"x\"", "[]", "{}", "-1", "1e999", "99999999999999999999999",
                "[null]", "{\"error_code\":\"abc\"}", "\"\\u0000\"");
        return Combinators.combine(Arbitraries.of("response", "error", "execute_errors", "count", "items", "error_code", "request_params"),
                        values, values)
                .as((field, v1, v2) -> "{\"" + field + "\":" + v1 + ",\"response\":{\"count\":" + v2 + ",\"items\":" + v1
                        + "},\"error\":{\"error_code\":" + v2 + ",\"request_params\":" + v1 + "}}");
    }

    @Property(tries = 300)
    void batchDistribute_whenExecuteAnswerIsOdd_completesEverySlotTyped(@ForAll("confused") String body) {
        List<Batcher.Slot> slots = List.of(new Batcher.Slot(dev.sferum.sdk.core.ApiRequest.builder("users.get").build()),
                new Batcher.Slot(dev.sferum.sdk.core.ApiRequest.builder("messages.send").build()));
        Answer a;
        try {
            a = ResponseParser.parse("execute", 200, body.getBytes(StandardCharsets.UTF_8));
        } catch (SferumException typed) {
            return;
        }
        Batcher.distribute(slots, a);
        for (Batcher.Slot slot : slots) {
            assertThat(slot.answer).isDone();
            if (slot.answer.isCompletedExceptionally()) {
                assertThat(slot.answer).failsWithin(java.time.Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOf(SferumException.class);
            }
        }
    }
}
