package dev.sferum.sdk.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.WithFakeVk;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.WithFakeMax;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Both extensions start their fakes in strict mode unless the annotation turns it off. */
class StrictExtensionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static int vkUnknownParameter(FakeVk fake) throws Exception {
        String form = "v=5.199&user_ids=1&colour=red";
        HTTP.send(HttpRequest.newBuilder(fake.baseUri().resolve("method/users.get"))
                .header("Authorization", "Bearer " + fake.school().token().value())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return fake.strictViolations().size();
    }

    static int maxUnknownParameter(FakeMax fake) throws Exception {
        FakeMaxBot bot = fake.createBot("Бот");
        HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUri() + "/me?colour=red"))
                .header("Authorization", bot.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return fake.strictViolations().size();
    }

    @Nested
    @WithFakeVk
    @WithFakeMax
    class ByDefault {
        @Test
        void unknownParameter_expectedRecordedOnBothFakes(FakeVk vk, FakeMax max) throws Exception {
            assertThat(vkUnknownParameter(vk)).isEqualTo(1);
            assertThat(maxUnknownParameter(max)).isEqualTo(1);
        }
    }

    @Nested
    @WithFakeVk(strict = false)
    @WithFakeMax(strict = false)
    class TurnedOff {
        @Test
        void unknownParameter_expectedAcceptedOnBothFakes(FakeVk vk, FakeMax max) throws Exception {
            assertThat(vkUnknownParameter(vk)).isZero();
            assertThat(maxUnknownParameter(max)).isZero();
        }
    }
}
