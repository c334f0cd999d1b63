package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import dev.sferum.sdk.testkit.FakeCommunity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Token kinds are types, and a method that does not accept the supplied kind is refused before any request leaves
 * the process — whether the token is a fixed community token, the app's service token, or a VK ID user token.
 */
class TokenKindTest {

    static WrongTokenKindException refused(Mode mode, FakeVkId f, TokenProvider tokens, ApiRequest request) {
        return catchThrowableOfType(WrongTokenKindException.class, () -> mode.run(
                () -> ApiClient.builder().config(f.apiConfig(f.clock)).tokenProvider(tokens).buildClient().call(request, ResultType.json()),
                () -> ApiClient.builder().config(f.apiConfig(f.clock)).tokenProvider(tokens).buildAsyncClient().call(request, ResultType.json())));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void addChatUser_withCommunityToken_isRefusedBeforeAnyRequest(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            FakeCommunity school = f.fake.createCommunity("Школа №1", f.teacher);
            Canary.remember(school.token().value());
            AccessToken community = AccessToken.community(school.token().value(), school.id());
            ApiRequest add = ApiRequest.builder("messages.addChatUser").param("chat_id", 1).param("user_id", f.teacher.id()).build();

            WrongTokenKindException e = refused(mode, f, TokenProvider.of(community), add);

            assertThat(e.getMessage()).startsWith("messages.addChatUser needs a user token; a community token was supplied");
            assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
            assertThat(e.supplied()).isEqualTo(TokenKind.COMMUNITY);
            assertThat(f.fake.requests()).as("nothing reached the server").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void messagesSend_withServiceTokenFromClientCredentials_isRefusedBeforeTheCall(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            TokenProvider service = mode == Mode.SYNC ? f.sync.serviceTokenProvider() : f.async.serviceTokenProvider();
            ApiRequest send = ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("random_id", 7).param("message", "x").build();

            WrongTokenKindException e = refused(mode, f, service, send);

            assertThat(e.getMessage()).startsWith("messages.send needs a user token or a community token; a service token was supplied");
            assertThat(f.fake.requestCount("/access_token")).as("the service token was fetched").isEqualTo(1);
            assertThat(f.fake.methodCallCount("messages.send")).as("but the call never left").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void communityOnlyMethod_withVkIdUserToken_isRefusedBeforeTheCall(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            SignInResult done = f.sync.completeSignIn(f.approvedCallback());
            VkIdOnFakeTest.remember(done.tokens());
            ApiRequest answer = ApiRequest.builder("messages.sendMessageEventAnswer").param("event_id", "e").param("user_id", 1)
                    .param("peer_id", 1).build();

            WrongTokenKindException e = refused(mode, f, f.sync.tokenProvider(done.grantKey()), answer);

            assertThat(e.getMessage()).startsWith("messages.sendMessageEventAnswer needs a community token; a user token was supplied");
            assertThat(f.fake.methodCallCount("messages.sendMessageEventAnswer")).isZero();
        }
    }
}
