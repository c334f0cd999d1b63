package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.jdbc.testing.Canary;
import dev.sferum.sdk.jdbc.testing.Servers;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Wrong database credentials or address: one clear error at start naming host and port, never the password. */
class BadCredentialsTest {

    @Test
    void open_whenPasswordIsWrong_failsPermissionNamingHostAndPortButNotThePassword() {
        String url = Servers.url();
        URI u = URI.create(url.substring("jdbc:".length()));

        JdbcStoreException e = catchThrowableOfType(JdbcStoreException.class,
                () -> JdbcStores.open(Servers.dataSource(url, Servers.user(), Canary.WRONG_PASSWORD)));

        assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(e.getMessage()).contains(u.getHost() + ":" + u.getPort()).contains("refused the credentials").contains("28P01");
        assertThat(everything(e)).doesNotContain(Canary.WRONG_PASSWORD);
    }

    @Test
    void open_whenNothingListens_failsTransientNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/sferum";

        JdbcStoreException e = catchThrowableOfType(JdbcStoreException.class,
                () -> JdbcStores.open(Servers.dataSource(url, "sferum", Canary.WRONG_PASSWORD)));

        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.getMessage()).contains("cannot reach the database at 127.0.0.1:" + port + "/sferum");
        assertThat(everything(e)).doesNotContain(Canary.WRONG_PASSWORD);
    }

    @Test
    void open_whenTheDatabaseDoesNotExist_saysSo() {
        String url = Servers.url();
        String missing = url.substring(0, url.lastIndexOf('/') + 1) + "no_such_database_sferum";

        JdbcStoreException e = catchThrowableOfType(JdbcStoreException.class,
                () -> JdbcStores.open(Servers.dataSource(missing, Servers.user(), Servers.password())));

        assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_INPUT);
        assertThat(e.getMessage()).contains("does not exist").contains("/no_such_database_sferum");
    }

    private static String everything(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w + " " + e;
    }
}
