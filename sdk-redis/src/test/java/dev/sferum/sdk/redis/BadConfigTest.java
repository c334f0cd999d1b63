package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.redis.testing.Canary;
import dev.sferum.sdk.redis.testing.RedisProcess;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A wrong Redis URL or password: one clear error at start, naming host and port, never the password. */
class BadConfigTest {

    @Test
    void connect_whenNothingListens_failsTransientNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisConfig config = RedisConfig.builder().url("redis://default:" + Canary.WRONG_PASSWORD + "@127.0.0.1:" + port)
                .connectTimeout(Duration.ofSeconds(10)).build();

        RedisStoreException e = catchThrowableOfType(RedisStoreException.class, () -> RedisStores.connect(config));

        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.address()).isEqualTo("127.0.0.1:" + port);
        assertThat(e.getMessage()).contains("cannot reach Redis at 127.0.0.1:" + port).contains("check the host and port");
        assertThat(everything(e)).doesNotContain(Canary.WRONG_PASSWORD);
    }

    @Test
    void connect_whenPasswordIsWrong_failsPermissionNamingHostAndPortButNotThePassword() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            RedisConfig config = RedisConfig.builder().url("redis://default:" + Canary.WRONG_PASSWORD + "@127.0.0.1:" + redis.port())
                    .connectTimeout(Duration.ofSeconds(30)).commandTimeout(Duration.ofSeconds(30)).build();

            RedisStoreException e = catchThrowableOfType(RedisStoreException.class, () -> RedisStores.connect(config));

            assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION);
            assertThat(e.getMessage()).contains("Redis at 127.0.0.1:" + redis.port() + " refused").contains("password");
            assertThat(everything(e)).doesNotContain(Canary.WRONG_PASSWORD);
        }
    }

    @Test
    void connect_whenPasswordIsMissing_failsPermission() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            RedisConfig config = RedisConfig.builder().url("redis://127.0.0.1:" + redis.port())
                    .connectTimeout(Duration.ofSeconds(30)).commandTimeout(Duration.ofSeconds(30)).build();

            RedisStoreException e = catchThrowableOfType(RedisStoreException.class, () -> RedisStores.connect(config));

            assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION);
            assertThat(e.getMessage()).contains("127.0.0.1:" + redis.port());
        }
    }

    @Test
    void url_whenMalformed_failsAtBuildWithoutTheCredentials() {
        assertThatThrownBy(() -> RedisConfig.builder().url("http://user:" + Canary.WRONG_PASSWORD + "@10.0.0.5:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://[user:password@]host:port")
                .hasMessageContaining("10.0.0.5:6379")
                .hasMessageNotContaining(Canary.WRONG_PASSWORD);
        assertThatThrownBy(() -> RedisConfig.builder().url("redis://10.0.0.5:6379/zero")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisConfig.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("url(");
    }

    @Test
    void toString_neverShowsThePassword() {
        RedisConfig config = RedisConfig.builder().url("redis://default:" + Canary.WRONG_PASSWORD + "@10.0.0.5:6380/2").build();

        assertThat(config.toString()).contains("10.0.0.5:6380").doesNotContain(Canary.WRONG_PASSWORD);
        assertThat(config.password()).isPresent();
        assertThat(config.database()).isEqualTo(2);
        assertThat(config.username()).contains("default");
    }

    private static String everything(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w + " " + e;
    }
}
