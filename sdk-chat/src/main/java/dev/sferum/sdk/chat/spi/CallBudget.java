package dev.sferum.sdk.chat.spi;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * What a chat client knows about its API client's rate budget and batching, so roster sync plans with the numbers
 * the calls will actually run under instead of a separate figure. Implemented by sdk-vk's sync client; a chat client
 * without it is planned with its {@code capabilities().requestsPerSecond()}.
 *
 * @since 0.1.0
 */
public interface CallBudget {

    /** {@return requests per second the API client's rate budget allows this client's token; empty when unlimited} */
    OptionalDouble requestsPerSecond();

    /** {@return how long a request holds its slot of the budget after its answer: one second plus the margin} */
    Duration window();

    /** {@return the most API calls one request can carry: the batching's {@code maxCalls} when batching is on, else 1} */
    int callsPerRequest();
}
