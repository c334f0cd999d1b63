package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.testing.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The caller-thread HTTP/1.1 exchange against a scripted server that writes exact bytes: body framings, keep-alive,
 * connections the server closed while idle, limits, timeouts, interruption and TLS host-name checks.
 */
class CallerThreadTransportTest {
    private static final byte[] FORM = "peer_id=1&random_id=7&v=5.199".getBytes(StandardCharsets.US_ASCII);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final VirtualTime time = new VirtualTime();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** Serves each accepted connection with {@code script(connectionIndex, socket)} on its own thread. */
    private final class Scripted implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final CountDownLatch firstClosed = new CountDownLatch(1);

        Scripted(ServerSocket socket, Script script) {
            this.socket = socket;
            closing.add(this);
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        int index = connections.getAndIncrement();
                        Thread c = new Thread(() -> {
                            try (s) {
                                script.serve(index, s, this);
                            } catch (Exception e) {
                                // the test decides what a broken connection means
                            } finally {
                                if (index == 0) {
                                    firstClosed.countDown();
                                }
                            }
                        });
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        Scripted(Script script) throws IOException {
            this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
        }

        URI uri(String scheme, String host) {
            return URI.create(scheme + "://" + host + ":" + socket.getLocalPort());
        }

        /** Reads one request head and its body; returns false at end of stream. */
        boolean readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while (!head.toString().endsWith("\r\n\r\n")) {
                b = in.read();
                if (b < 0) {
                    return false;
                }
                head.append((char) b);
            }
            String h = head.toString();
            int at = h.toLowerCase().indexOf("content-length: ");
            int n = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)).trim());
            requests.add(h + new String(in.readNBytes(n), StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @FunctionalInterface
    private interface Script {
        void serve(int connection, Socket socket, Scripted server) throws Exception;
    }

    private static void write(Socket s, String raw) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String ok(String json) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    private Transport.Exchange exchange(URI base, Duration timeout, int limit) {
        return new Transport.Exchange("POST", URI.create(base + "/method/messages.send"), "application/x-www-form-urlencoded", FORM,
                Secret.of("Bearer vk1.a.test"), java.util.Map.of(), "sferum-test/1", timeout, limit);
    }

    private CallerThreadTransport transport(URI base) {
        return new CallerThreadTransport(base, 2_000, time);
    }

    private static String body(Transport.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void send_whenKeptAlive_reusesOneConnectionAndSendsTheSameHeadAsTheJdkClient() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            while (self.readRequest(s.getInputStream())) {
                write(s, ok("{\"response\":" + self.requests.size() + "}"));
            }
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        Transport.Response first = t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));
        Transport.Response second = t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));

        assertThat(body(first)).isEqualTo("{\"response\":1}");
        assertThat(body(second)).isEqualTo("{\"response\":2}");
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests.get(0))
                .startsWith("POST /method/messages.send HTTP/1.1\r\nHost: 127.0.0.1:" + server.socket.getLocalPort() + "\r\n")
                .contains("\r\nContent-Type: application/x-www-form-urlencoded\r\n", "\r\nAccept: application/json\r\n",
                        "\r\nUser-Agent: sferum-test/1\r\n", "\r\nAuthorization: Bearer vk1.a.test\r\n",
                        "\r\nContent-Length: " + FORM.length + "\r\n\r\n")
                .endsWith(new String(FORM, StandardCharsets.US_ASCII));
    }

    @Test
    void send_whenChunkedAndInterimAnswers_assemblesTheBodyAndKeepsTheConnection() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            while (self.readRequest(s.getInputStream())) {
                write(s, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\n{\"res\r\na;ext=1\r\nponse\":[1,\r\n3\r\n2]}\r\n0\r\nX-Trailer: yes\r\n\r\n");
            }
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        for (int i = 0; i < 2; i++) {
            Transport.Response r = t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));
            assertThat(r.status()).isEqualTo(200);
            assertThat(body(r)).isEqualTo("{\"response\":[1,2]}");
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void send_whenBodyEndsWithTheConnection_readsToTheEndAndDoesNotReuseIt() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            write(s, "HTTP/1.0 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html>502</html>");
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        Transport.Response first = t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));
        Transport.Response second = t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));

        assertThat(first.status()).isEqualTo(502);
        assertThat(body(first)).isEqualTo("<html>502</html>");
        assertThat(body(second)).isEqualTo("<html>502</html>");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void send_whenServerClosedTheIdleConnection_checksItAndOpensAFreshOne() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            write(s, ok("{\"response\":" + c + "}"));
            // keep-alive promised, then the server closes it while the client holds it idle
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        assertThat(body(t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20)))).isEqualTo("{\"response\":0}");
        time.advance(Duration.ofMillis(CallerThreadTransport.STALE_CHECK_AFTER_MS + 1));
        waitForClose(server);
        assertThat(body(t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20)))).isEqualTo("{\"response\":1}");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void send_whenWritingToAResetConnectionFails_sendsOnceMoreOnAFreshConnection() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            write(s, ok("{\"response\":" + c + "}"));
            if (c == 0) {
                s.setSoLinger(true, 0); // close with RST: the client's next write on it fails
            } else {
                while (self.readRequest(s.getInputStream())) {
                    write(s, ok("{\"response\":" + c + "}"));
                }
            }
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));
        waitForClose(server);
        Transport.Response second = t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1 << 20));

        assertThat(body(second)).isEqualTo("{\"response\":1}");
        assertThat(server.connections.get()).isEqualTo(2);
        assertThat(server.requests).hasSize(2);
    }

    /** Waits (bounded) until the server has closed the first connection. */
    private static void waitForClose(Scripted server) throws InterruptedException {
        assertThat(server.firstClosed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void send_whenDeclaredBodyIsOverTheLimit_failsWithoutReadingIt() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            write(s, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n");
            s.getInputStream().read();
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        Throwable e = catchThrowable(() -> t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1024)));

        assertThat(e).isInstanceOf(Transport.ResponseTooLargeException.class);
        assertThat(((Transport.ResponseTooLargeException) e).limit()).isEqualTo(1024);
    }

    @Test
    void send_whenChunkedBodyGrowsOverTheLimit_fails() throws Exception {
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 20; i++) {
                sb.append("64\r\n").append("x".repeat(100)).append("\r\n");
            }
            write(s, sb.append("0\r\n\r\n").toString());
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));

        assertThat(catchThrowable(() -> t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(5), 1024))))
                .isInstanceOf(Transport.ResponseTooLargeException.class);
    }

    @Test
    void send_whenNoAnswerWithinTheTimeout_failsWithHttpTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        closing.add(release::countDown);
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            release.await();
        });
        CallerThreadTransport t = new CallerThreadTransport(server.uri("http", "127.0.0.1"), 2_000, dev.sferum.sdk.core.TimeSource.system());

        assertThat(catchThrowable(() -> t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofMillis(200), 1 << 20))))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void send_whenInterruptedWhileWaiting_abortsWithInterruptedException() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        closing.add(release::countDown);
        Scripted server = new Scripted((c, s, self) -> {
            self.readRequest(s.getInputStream());
            received.countDown();
            release.await();
        });
        CallerThreadTransport t = transport(server.uri("http", "127.0.0.1"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            failure.set(catchThrowable(() -> t.send(exchange(server.uri("http", "127.0.0.1"), Duration.ofSeconds(30), 1 << 20))));
            flag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        assertThat(flag.get()).isTrue();
    }

    @Test
    void send_whenAHeaderValueHoldsALineBreak_refusesBeforeAnyConnection() throws Exception {
        Scripted server = new Scripted((c, s, self) -> self.readRequest(s.getInputStream()));
        URI base = server.uri("http", "127.0.0.1");
        Transport.Exchange injected = new Transport.Exchange("POST", URI.create(base + "/method/users.get"), "application/x-www-form-urlencoded", FORM,
                Secret.of("Bearer x\r\nX-Evil: 1"), java.util.Map.of(),
                "sferum-test/1", Duration.ofSeconds(5), 1 << 20);

        assertThat(catchThrowable(() -> transport(base).send(injected))).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.connections.get()).isZero();
    }

    @Test
    void send_whenNothingListens_failsWithConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);

        assertThat(catchThrowable(() -> transport(base).send(exchange(base, Duration.ofSeconds(5), 1 << 20))))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void send_overTls_verifiesTheHostNameAndFailsAsNotSentWhenItDiffers() throws Exception {
        SSLContext tls = tls();
        SSLServerSocket listening = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Scripted server = new Scripted(listening, (c, s, self) -> {
            while (self.readRequest(s.getInputStream())) {
                write(s, ok("{\"response\":7}"));
            }
        });

        URI good = server.uri("https", "localhost");
        Transport.Response r = new CallerThreadTransport(good, 5_000, time, tls.getSocketFactory())
                .send(exchange(good, Duration.ofSeconds(5), 1 << 20));
        URI wrongName = server.uri("https", "127.0.0.1");
        Throwable e = catchThrowable(() -> new CallerThreadTransport(wrongName, 5_000, time, tls.getSocketFactory())
                .send(exchange(wrongName, Duration.ofSeconds(5), 1 << 20)));

        assertThat(body(r)).isEqualTo("{\"response\":7}");
        assertThat(e).isInstanceOf(ConnectException.class).hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(server.requests).hasSize(1);
    }

    /** A TLS context that serves and trusts the self-signed {@code localhost} certificate in the test resources. */
    private static SSLContext tls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = CallerThreadTransportTest.class.getResourceAsStream("/tls/localhost.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }
}
