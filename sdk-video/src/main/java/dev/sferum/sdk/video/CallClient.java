package dev.sferum.sdk.video;

import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.internal.Builders;
import dev.sferum.sdk.video.internal.VkCalls;

import java.util.function.Consumer;

/**
 * Starts and finishes VK calls — the video lessons of Sferum — blocking the calling thread.
 *
 * <pre>{@code
 * CallClient calls = CallClient.vk(ApiClient.builder().token(teacherToken).buildClient());
 * StartedCall call = calls.start(r -> r.groupId(schoolGroupId));
 * chat.send(...call.joinLink()...);
 * calls.finish(call.callId());
 * }</pre>
 *
 * <p>{@code calls.*} accept only a <b>user</b> token (a teacher's, or a school admin's who manages the community):
 * with another kind the call is refused before any request. {@code calls.start} has no idempotency key, so the SDK
 * never repeats it after an unknown outcome: such a failure is an
 * {@link dev.sferum.sdk.core.exception.OutcomeUnknownException}. Thread-safe.
 *
 * @since 0.1.0
 */
public interface CallClient {

    /**
     * Makes a call client over the VK API.
     *
     * @param api a client whose token is a user token
     * @return a call client over the VK API
     */
    static CallClient vk(ApiClient api) {
        return new VkCalls.Sync(api);
    }

    /**
     * Starts a call.
     *
     * @param request the call's settings
     * @return the started call with its join link
     * @throws dev.sferum.sdk.core.exception.SferumException if VK refuses or the call fails
     */
    StartedCall start(StartCallRequest request);

    /**
     * Starts a call, configured by a builder customizer.
     *
     * @param request sets the request's parts
     * @return the started call
     */
    default StartedCall start(Consumer<StartCallRequest.Builder> request) {
        return start(Builders.build(StartCallRequest.builder(), request, StartCallRequest.Builder::build));
    }

    /**
     * Finishes a call for everyone. Finishing a call that has already ended counts as done.
     *
     * @param callId the call
     * @throws dev.sferum.sdk.core.exception.SferumException if VK refuses (for example the token's owner did not
     *     start the call)
     */
    void finish(CallId callId);
}
