package dev.sferum.sdk.benchmarks.jmh;

import dev.sferum.sdk.benchmarks.Fixtures;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.ResponseParser;
import dev.sferum.sdk.core.internal.ResultReaders;
import org.openjdk.jmh.annotations.Benchmark;
import tools.jackson.databind.JsonNode;

/**
 * Decoding typical VK answers the way a call does: status and body in, typed result (or typed exception) out.
 */
public class DecodeBenchmark extends JmhSettings {
    private static final ResultType<Long> LONG = ResultType.of(Long.class);
    private static final ResultType<Fixtures.Members> MEMBERS = ResultType.of(Fixtures.Members.class);
    private static final ResultType<Fixtures.History> HISTORY = ResultType.of(Fixtures.History.class);

    static <T> T decode(String method, byte[] body, ResultType<T> type) {
        return SdkDecode.decode(method, 200, body, type);
    }

    /** {@return the message id of a {@code messages.send} answer} */
    @Benchmark
    public Long sendAsLong() {
        return decode("messages.send", Fixtures.SEND, LONG);
    }

    /** {@return 30 members and their profiles as a tree} */
    @Benchmark
    public JsonNode members30AsTree() {
        return decode("messages.getConversationMembers", Fixtures.MEMBERS_30, ResultType.json());
    }

    /** {@return 30 members and their profiles as records} */
    @Benchmark
    public Fixtures.Members members30AsRecords() {
        return decode("messages.getConversationMembers", Fixtures.MEMBERS_30, MEMBERS);
    }

    /** {@return 20 messages as records} */
    @Benchmark
    public Fixtures.History history20AsRecords() {
        return decode("messages.getHistory", Fixtures.HISTORY_20, HISTORY);
    }

    /** {@return VK error 901 as a typed exception} */
    @Benchmark
    public ApiException error901() {
        try {
            decode("messages.send", Fixtures.ERROR_901, LONG);
            throw new AssertionError("no error");
        } catch (ApiException e) {
            return e;
        }
    }

    /** {@return the floor: Jackson reading the same bytes straight into the envelope record, no checks} */
    @Benchmark
    public Fixtures.Members members30JacksonFloor() {
        return Json.mapper().readerFor(MembersEnvelope.class).<MembersEnvelope>readValue(Fixtures.MEMBERS_30).response();
    }

    record MembersEnvelope(Fixtures.Members response) {
    }

    /** The pipeline's decode step (CallPipeline.read), reachable from outside sdk-core. */
    static final class SdkDecode {
        @SuppressWarnings("unchecked")
        static <T> T decode(String method, int status, byte[] body, ResultType<T> type) {
            tools.jackson.databind.ObjectReader reader = ResultReaders.reader(type);
            if (reader != null) {
                Object value = ResponseParser.readSuccess(status, body, reader);
                if (value != ResponseParser.NOT_A_PLAIN_SUCCESS) {
                    return (T) value;
                }
            }
            return type.decode(ResponseParser.parse(method, status, body).response());
        }
    }
}
