package dev.sferum.sdk.video;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletionException;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The call client against WireMock stubs in the schema's shapes, sync and async. */
class CallClientWireTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TEACHER = "vk1.a.teacherTOKENforCALLStests000000000000000";
    static final String CALL_ID = "6f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    enum Mode {
        SYNC, ASYNC;

        StartedCall start(ApiClientBuilder b, long groupId) {
            if (this == SYNC) {
                return CallClient.vk(b.buildClient()).start(r -> {
                    if (groupId > 0) {
                        r.groupId(groupId);
                    }
                });
            }
            try {
                return CallAsyncClient.vk(b.buildAsyncClient()).start(r -> {
                    if (groupId > 0) {
                        r.groupId(groupId);
                    }
                }).join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }

        void finish(ApiClientBuilder b, CallId id) {
            if (this == SYNC) {
                CallClient.vk(b.buildClient()).finish(id);
                return;
            }
            try {
                CallAsyncClient.vk(b.buildAsyncClient()).finish(id).join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }
    }

    private static ApiClientBuilder client(AccessToken token) {
        return ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).rateLimits(RateLimits.unlimited()).build()).token(token);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void start_whenVkAnswers_returnsIdLinksAndHidesThePassword(Mode mode) {
        vk.stubFor(post("/method/calls.start").willReturn(okJson("{\"response\":{\"call_id\":\"" + CALL_ID + "\","
                + "\"join_link\":\"https://vk.com/call/join/AbCdEfGh123\",\"ok_join_link\":\"https://ok.ru/videochat/1\","
                + "\"short_credentials\":{\"id\":\"1234567890\",\"password\":\"9876\",\"link_without_password\":\"https://vk.com/call/1\","
                + "\"link_with_password\":\"https://vk.com/call/1?p=9876\"}}}")));

        StartedCall call = mode.start(client(AccessToken.user(TEACHER)), 123456);

        assertThat(call.callId().value()).isEqualTo(CALL_ID);
        assertThat(call.joinLink()).isEqualTo("https://vk.com/call/join/AbCdEfGh123");
        assertThat(call.okJoinLink()).isEqualTo("https://ok.ru/videochat/1");
        assertThat(call.shortCredentialsValue()).hasValueSatisfying(sc -> {
            assertThat(sc.password().reveal()).isEqualTo("9876");
            assertThat(sc.toString()).doesNotContain("9876");
        });
        vk.verify(postRequestedFor(urlEqualTo("/method/calls.start")).withRequestBody(containing("group_id=123456"))
                .withHeader("Authorization", equalTo("Bearer " + TEACHER)));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void start_whenCommunityToken_isRefusedBeforeAnyRequest(Mode mode) {
        WrongTokenKindException e = catchThrowableOfType(WrongTokenKindException.class,
                () -> mode.start(client(AccessToken.community("vk1.a.communityTOKEN00000000000000000000", 1)), 0));

        assertThat(e.getMessage()).startsWith("calls.start needs a user token; a community token was supplied");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void finish_whenDoneOrAlreadyOver_succeeds(Mode mode) {
        vk.stubFor(post("/method/calls.forceFinish").withRequestBody(containing("call_id=" + CALL_ID)).willReturn(okJson("{\"response\":1}")));
        String other = "00000000-0000-0000-0000-000000000000";
        vk.stubFor(post("/method/calls.forceFinish").withRequestBody(containing("call_id=" + other))
                .willReturn(okJson("{\"error\":{\"error_code\":104,\"error_msg\":\"Not found\"}}")));

        mode.finish(client(AccessToken.user(TEACHER)), new CallId(CALL_ID));
        mode.finish(client(AccessToken.user(TEACHER)), new CallId(other));

        assertThat(vk.getAllServeEvents()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void finish_whenNotTheOrganizer_throwsPermission(Mode mode) {
        vk.stubFor(post("/method/calls.forceFinish").willReturn(okJson("{\"error\":{\"error_code\":15,\"error_msg\":\"Access denied\"}}")));

        SferumException e = catchThrowableOfType(ApiException.class, () -> mode.finish(client(AccessToken.user(TEACHER)), new CallId(CALL_ID)));

        assertThat(e.category()).isEqualTo(dev.sferum.sdk.core.exception.ErrorCategory.PERMISSION);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void start_whenVkAnswersLinksButNoCallId_saysTheCallStartedAndStartsNoSecond(Mode mode) {
        vk.stubFor(post("/method/calls.start").willReturn(okJson("{\"response\":{\"join_link\":\"https://vk.com/call/join/NoId\","
                + "\"ok_join_link\":\"https://ok.ru/videochat/2\"}}")));

        StartedCall call = mode.start(client(AccessToken.user(TEACHER)), 0);

        assertThat(call.call()).isEmpty();
        assertThat(call.joinLink()).isEqualTo("https://vk.com/call/join/NoId");
        assertThat(vk.findAll(postRequestedFor(urlEqualTo("/method/calls.start")))).as("one call, one start").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void start_whenTheCallIdIsNot36Chars_keepsItAndStartsNoSecond(Mode mode) {
        vk.stubFor(post("/method/calls.start").willReturn(okJson("{\"response\":{\"call_id\":\"c-42\","
                + "\"join_link\":\"https://vk.com/call/join/Short\",\"ok_join_link\":\"https://ok.ru/videochat/3\"}}")));

        StartedCall call = mode.start(client(AccessToken.user(TEACHER)), 0);

        assertThat(call.call()).hasValueSatisfying(id -> {
            assertThat(id.value()).isEqualTo("c-42");
            assertThat(id.finishable()).isFalse();
        });
        assertThat(vk.findAll(postRequestedFor(urlEqualTo("/method/calls.start")))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void finish_whenTheIdIsNot36Chars_refusesBeforeAnyRequest(Mode mode) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> mode.finish(client(AccessToken.user(TEACHER)), new CallId("c-42")));

        assertThat(e).hasMessageContaining("exactly 36 characters").hasMessageContaining("has 4");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void callId_whenBlank_failsWithTheRule() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallId(" "))
                .hasMessageContaining("must not be blank");
        assertThat(new CallId(CALL_ID).finishable()).isTrue();
    }
}
