package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.Transport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 exchanges on the calling thread over the JDK's sockets and TLS, with kept-alive connections reused
 * last-in first-out — the sync client's default path.
 *
 * <p>Why: {@code HttpClient.send} hands every exchange from the caller to the client's selector thread and back
 * (and, with the default executor, through a worker thread too); on a 2-core machine that costs 2–4× the CPU of
 * the whole rest of the call. Here the caller writes the request head and body in one write and reads the answer
 * itself: no thread handoff at all. It speaks only what the VK API needs: a {@code POST} with a known length, a
 * response with {@code Content-Length}, {@code chunked} or close-delimited body, keep-alive. TLS uses the JDK's
 * default {@link SSLContext} with HTTPS host-name verification and SNI, as the {@code HttpClient} does.
 *
 * <p>Reads are interruptible (the socket is a {@link SocketChannel}'s): interrupting the caller aborts the exchange
 * with {@link InterruptedException}. A connection that sat idle for more than {@value #STALE_CHECK_AFTER_MS} ms is
 * checked before reuse, and one idle longer than {@value #MAX_IDLE_MS} ms is closed. If writing the request to a
 * reused connection fails, the server had already closed it and cannot have seen a complete request, so the
 * exchange is repeated once on a fresh connection; a reused connection that closes after the request was written
 * fails the exchange like any broken one (the server may have processed it), exactly as the JDK client does.
 *
 * <p>Async exchanges are not done here: {@link #sendAsync} fails; the SDK runs {@link #send} for them on a thread of
 * {@link ExchangeThreads} ({@link ThreadedTransport}).
 */
public final class CallerThreadTransport implements Transport {
    static final long STALE_CHECK_AFTER_MS = 2_000;
    static final long MAX_IDLE_MS = 50_000;
    private static final int MAX_IDLE_CONNECTIONS = 64;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    private final TimeSource time;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile HeaderValue lastUserAgent;
    private volatile HeaderValue lastAuthorization;

    /** A checked header value and its bytes: a client's token and user agent repeat on every call. */
    private record HeaderValue(String value, byte[] bytes) {
        static HeaderValue of(String value) {
            checkHeaderValue(value);
            byte[] b = new byte[value.length()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) value.charAt(i);
            }
            return new HeaderValue(value, b);
        }

        boolean holds(String v) {
            return value == v || value.equals(v);
        }
    }

    /**
     * @param base the API base URI ({@code http} or {@code https})
     * @param connectTimeoutMillis the connect (and TLS handshake) timeout
     * @param time monotonic time, for idle ages
     */
    public CallerThreadTransport(URI base, long connectTimeoutMillis, TimeSource time) {
        this(base, connectTimeoutMillis, time, "https".equalsIgnoreCase(base.getScheme()) ? defaultTls() : null);
    }

    CallerThreadTransport(URI base, long connectTimeoutMillis, TimeSource time, SSLSocketFactory tls) {
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        this.host = base.getHost();
        this.port = base.getPort() >= 0 ? base.getPort() : https ? 443 : 80;
        this.hostHeader = base.getPort() >= 0 ? host + ":" + port : host;
        this.tls = https ? tls : null;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeoutMillis));
        this.time = time;
    }

    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    @Override
    public Response send(Exchange exchange) throws IOException, InterruptedException {
        HeaderValue ua = lastUserAgent;
        if (ua == null || !ua.holds(exchange.userAgent())) {
            ua = HeaderValue.of(exchange.userAgent());
            lastUserAgent = ua;
        }
        byte[] auth = null;
        if (exchange.authorization() != null) {
            HeaderValue a = lastAuthorization;
            if (a == null || !a.holds(exchange.authorization().reveal())) {
                a = HeaderValue.of(exchange.authorization().reveal());
                lastAuthorization = a;
            }
            auth = a.bytes();
        }
        long deadline = time.nanoTime() + exchange.timeout().toNanos();
        Connection c = pooled();
        if (c != null) {
            try {
                c.write(exchange, hostHeader, ua.bytes(), auth);
            } catch (IOException e) {
                // The server closed the idle connection: it cannot have seen a whole request. Go again on a new one.
                c.close();
                c = null;
                interruptedCheck(e);
            }
        }
        if (c == null) {
            c = open();
            try {
                c.write(exchange, hostHeader, ua.bytes(), auth);
            } catch (IOException e) {
                c.close();
                interruptedCheck(e);
                throw e;
            }
        }
        try {
            Response response = c.read(exchange.maxResponseBytes(), deadline, time);
            if (c.reusable) {
                release(c);
            } else {
                c.close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            c.close();
            interruptedCheck(e);
            throw e;
        }
    }

    @Override
    public CompletableFuture<Response> sendAsync(Exchange exchange) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the caller-thread transport is sync only"));
    }

    /** Refuses line breaks and control characters in a header value, as the JDK client does, before any I/O. */
    private static void checkHeaderValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                throw new IllegalArgumentException("a header value holds a character HTTP does not allow (code " + (int) c + ")");
            }
        }
    }

    /** Turns an exchange aborted by an interrupt into the {@link InterruptedException} the pipeline expects. */
    private static void interruptedCheck(Throwable e) throws InterruptedException {
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
            Thread.currentThread().interrupt();
            InterruptedException ie = new InterruptedException("interrupted during the exchange");
            ie.initCause(e);
            throw ie;
        }
    }

    private Connection pooled() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            long idleMs = (time.nanoTime() - c.idleSince) / 1_000_000;
            if (idleMs > MAX_IDLE_MS || (idleMs > STALE_CHECK_AFTER_MS && c.stale())) {
                c.close();
                continue;
            }
            return c;
        }
        return null;
    }

    private void release(Connection c) {
        long now = time.nanoTime();
        c.idleSince = now;
        if (idleCount.incrementAndGet() > MAX_IDLE_CONNECTIONS) {
            idleCount.decrementAndGet();
            c.close();
            return;
        }
        idle.offerFirst(c);
        Connection oldest = idle.peekLast();
        if (oldest != null && oldest != c && (now - oldest.idleSince) / 1_000_000 > MAX_IDLE_MS && idle.removeLastOccurrence(oldest)) {
            idleCount.decrementAndGet();
            oldest.close();
        }
    }

    private Connection open() throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new ConnectException("cannot resolve " + host);
        }
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(address, connectTimeoutMillis);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                socket = ssl;
            }
            return new Connection(socket);
        } catch (SocketTimeoutException e) {
            channel.close();
            HttpConnectTimeoutException t = new HttpConnectTimeoutException("connect timed out to " + host + ":" + port);
            t.initCause(e);
            throw t;
        } catch (UnresolvedAddressException e) {
            channel.close();
            throw new ConnectException("cannot resolve " + host);
        } catch (ClosedByInterruptException e) {
            channel.close();
            throw e;
        } catch (ConnectException e) {
            channel.close();
            throw e;
        } catch (IOException e) {
            // Nothing was sent yet (connect or TLS handshake failed): say so, keeping the cause.
            channel.close();
            ConnectException c = new ConnectException("could not open a connection to " + host + ":" + port + " ("
                    + e.getClass().getSimpleName() + ")");
            c.initCause(e);
            throw c;
        }
    }

    /** One connection: its streams and reusable read/write buffers. Used by one thread at a time. */
    static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private byte[] wbuf = new byte[1024];
        private int wlen;
        private final byte[] rbuf = new byte[8192];
        private int rpos;
        private int rlim;
        private int soTimeout = -1;
        long idleSince;
        boolean reusable;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Writes the whole request — head and body — in one write. */
        void write(Exchange e, String hostHeader, byte[] userAgent, byte[] authorization) throws IOException {
            wlen = 0;
            URI uri = e.uri();
            ascii("POST ");
            ascii(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                ascii("?");
                ascii(uri.getRawQuery());
            }
            ascii(" HTTP/1.1\r\nHost: ");
            ascii(hostHeader);
            ascii("\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nUser-Agent: ");
            put(userAgent, userAgent.length);
            if (authorization != null) {
                ascii("\r\nAuthorization: ");
                put(authorization, authorization.length);
            }
            ascii("\r\nContent-Length: ");
            ascii(Integer.toString(e.body().length));
            ascii("\r\n\r\n");
            put(e.body(), e.body().length);
            out.write(wbuf, 0, wlen);
            out.flush();
        }

        private void ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                wbuf[wlen++] = (byte) s.charAt(i);
            }
        }

        private void put(byte[] b, int n) {
            ensure(n);
            System.arraycopy(b, 0, wbuf, wlen, n);
            wlen += n;
        }

        private void ensure(int more) {
            if (wlen + more > wbuf.length) {
                wbuf = Arrays.copyOf(wbuf, Math.max(wbuf.length * 2, wlen + more));
            }
        }

        /** Reads one answer, skipping interim 1xx ones. */
        Response read(int limit, long deadline, TimeSource time) throws IOException {
            while (true) {
                int status = statusLine(deadline, time);
                long length = -1;
                boolean chunked = false;
                boolean close = http10;
                while (true) {
                    int start = line(deadline, time);
                    int end = lineEnd;
                    if (start == end) {
                        break;
                    }
                    int colon = indexOf(start, end, ':');
                    if (colon < 0) {
                        continue;
                    }
                    int v = colon + 1;
                    while (v < end && (rbuf[v] == ' ' || rbuf[v] == '\t')) {
                        v++;
                    }
                    int ve = end;
                    while (ve > v && (rbuf[ve - 1] == ' ' || rbuf[ve - 1] == '\t')) {
                        ve--;
                    }
                    if (nameIs(start, colon, "content-length")) {
                        length = parseLength(v, ve);
                    } else if (nameIs(start, colon, "transfer-encoding")) {
                        chunked = containsIgnoreCase(v, ve, "chunked");
                    } else if (nameIs(start, colon, "connection")) {
                        if (containsIgnoreCase(v, ve, "close")) {
                            close = true;
                        } else if (containsIgnoreCase(v, ve, "keep-alive")) {
                            close = false;
                        }
                    }
                }
                if (status >= 100 && status < 200) {
                    continue;
                }
                byte[] body;
                boolean complete = true;
                if (status == 204 || status == 304) {
                    body = new byte[0];
                } else if (chunked) {
                    body = chunked(limit, deadline, time);
                } else if (length >= 0) {
                    if (length > limit) {
                        throw new ResponseTooLargeException(limit);
                    }
                    body = new byte[(int) length];
                    readFully(body, deadline, time);
                } else {
                    body = untilClose(limit, deadline, time);
                    complete = false;
                }
                reusable = complete && !close;
                return new Response(status, body);
            }
        }

        private boolean http10;
        private int lineEnd;

        private int statusLine(long deadline, TimeSource time) throws IOException {
            int start;
            try {
                start = line(deadline, time);
            } catch (EofBeforeAnswer e) {
                throw new IOException("the server closed the connection before answering");
            }
            int end = lineEnd;
            if (end - start < 12 || rbuf[start] != 'H' || rbuf[start + 4] != '/' || rbuf[start + 8] != ' ') {
                throw new IOException("the server's answer does not start with an HTTP/1.x status line");
            }
            http10 = rbuf[start + 5] == '1' && rbuf[start + 7] == '0';
            int status = 0;
            for (int i = start + 9; i < start + 12; i++) {
                int d = rbuf[i] - '0';
                if (d < 0 || d > 9) {
                    throw new IOException("the server's status line has no 3-digit status");
                }
                status = status * 10 + d;
            }
            return status;
        }

        /** Thrown when the stream ends before the first byte of an answer. */
        private static final class EofBeforeAnswer extends IOException {
            private static final long serialVersionUID = 1L;

            EofBeforeAnswer() {
                super("end of stream", null);
            }
        }

        /** Finds the next CRLF-terminated line in the buffer; returns its start, sets {@link #lineEnd}. */
        private int line(long deadline, TimeSource time) throws IOException {
            int scanned = rpos;
            while (true) {
                for (int i = scanned; i + 1 < rlim; i++) {
                    if (rbuf[i] == '\r' && rbuf[i + 1] == '\n') {
                        int start = rpos;
                        lineEnd = i;
                        rpos = i + 2;
                        return start;
                    }
                }
                scanned = Math.max(rpos, rlim - 1);
                if (rpos > 0) {
                    System.arraycopy(rbuf, rpos, rbuf, 0, rlim - rpos);
                    scanned -= rpos;
                    rlim -= rpos;
                    rpos = 0;
                }
                if (rlim == rbuf.length) {
                    throw new IOException("an answer header line is longer than " + rbuf.length + " bytes");
                }
                boolean first = rlim == 0;
                int n = fill(deadline, time);
                if (n < 0) {
                    if (first) {
                        throw new EofBeforeAnswer();
                    }
                    throw new IOException("the connection closed in the middle of the answer's head");
                }
            }
        }

        private int fill(long deadline, TimeSource time) throws IOException {
            long left = deadline - time.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("request timed out");
            }
            int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
            if (ms != soTimeout) {
                socket.setSoTimeout(ms);
                soTimeout = ms;
            }
            int n;
            try {
                n = in.read(rbuf, rlim, rbuf.length - rlim);
            } catch (SocketTimeoutException e) {
                HttpTimeoutException t = new HttpTimeoutException("request timed out");
                t.initCause(e);
                throw t;
            }
            if (n > 0) {
                rlim += n;
            }
            return n;
        }

        private void readFully(byte[] into, long deadline, TimeSource time) throws IOException {
            int done = Math.min(into.length, rlim - rpos);
            System.arraycopy(rbuf, rpos, into, 0, done);
            rpos += done;
            while (done < into.length) {
                if (into.length - done >= rbuf.length) {
                    rpos = 0;
                    rlim = 0;
                    int n = readDirect(into, done, into.length - done, deadline, time);
                    done += n;
                } else {
                    rpos = 0;
                    rlim = 0;
                    if (fill(deadline, time) < 0) {
                        throw new IOException("the connection closed in the middle of the answer's body");
                    }
                    int n = Math.min(into.length - done, rlim);
                    System.arraycopy(rbuf, 0, into, done, n);
                    rpos = n;
                    done += n;
                }
            }
        }

        private int readDirect(byte[] into, int off, int len, long deadline, TimeSource time) throws IOException {
            long left = deadline - time.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("request timed out");
            }
            int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
            if (ms != soTimeout) {
                socket.setSoTimeout(ms);
                soTimeout = ms;
            }
            int n;
            try {
                n = in.read(into, off, len);
            } catch (SocketTimeoutException e) {
                HttpTimeoutException t = new HttpTimeoutException("request timed out");
                t.initCause(e);
                throw t;
            }
            if (n < 0) {
                throw new IOException("the connection closed in the middle of the answer's body");
            }
            return n;
        }

        private byte[] chunked(int limit, long deadline, TimeSource time) throws IOException {
            byte[] body = new byte[256];
            int len = 0;
            while (true) {
                int start = line(deadline, time);
                int end = lineEnd;
                long size = 0;
                int i = start;
                for (; i < end; i++) {
                    int d = Character.digit(rbuf[i], 16);
                    if (d < 0) {
                        break;
                    }
                    size = size * 16 + d;
                    if (size > limit) {
                        throw new ResponseTooLargeException(limit);
                    }
                }
                if (i == start) {
                    throw new IOException("a chunked answer has a bad chunk size line");
                }
                if (size == 0) {
                    while (line(deadline, time) != lineEnd) {
                        // trailer fields: ignored
                    }
                    return len == body.length ? body : Arrays.copyOf(body, len);
                }
                if (len + size > limit) {
                    throw new ResponseTooLargeException(limit);
                }
                if (len + size > body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(limit, Math.max(body.length * 2L, len + size)));
                }
                byte[] chunk = new byte[(int) size];
                readFully(chunk, deadline, time);
                System.arraycopy(chunk, 0, body, len, chunk.length);
                len += chunk.length;
                if (line(deadline, time) != lineEnd) {
                    throw new IOException("a chunk of the answer is not followed by CRLF");
                }
            }
        }

        private byte[] untilClose(int limit, long deadline, TimeSource time) throws IOException {
            byte[] body = new byte[Math.max(256, rlim - rpos)];
            int len = rlim - rpos;
            if (len > limit) {
                throw new ResponseTooLargeException(limit);
            }
            System.arraycopy(rbuf, rpos, body, 0, len);
            rpos = 0;
            rlim = 0;
            while (true) {
                if (fill(deadline, time) < 0) {
                    return Arrays.copyOf(body, len);
                }
                if (len + rlim > limit) {
                    throw new ResponseTooLargeException(limit);
                }
                if (len + rlim > body.length) {
                    body = Arrays.copyOf(body, Math.min(limit, Math.max(body.length * 2, len + rlim)));
                }
                System.arraycopy(rbuf, 0, body, len, rlim);
                len += rlim;
                rlim = 0;
            }
        }

        /** Whether the server closed (or wrote to) the connection while it was idle. */
        boolean stale() {
            if (rpos != rlim) {
                return true;
            }
            try {
                socket.setSoTimeout(1);
                soTimeout = 1;
                rpos = 0;
                rlim = 0;
                in.read(rbuf, 0, rbuf.length);
                return true; // end of stream, or bytes nobody asked for
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        private int indexOf(int from, int to, char c) {
            for (int i = from; i < to; i++) {
                if (rbuf[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean nameIs(int from, int to, String lower) {
            if (to - from != lower.length()) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                int c = rbuf[from + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean containsIgnoreCase(int from, int to, String lower) {
            int n = lower.length();
            for (int i = from; i + n <= to; i++) {
                int k = 0;
                while (k < n) {
                    int c = rbuf[i + k];
                    if (c >= 'A' && c <= 'Z') {
                        c += 32;
                    }
                    if (c != lower.charAt(k)) {
                        break;
                    }
                    k++;
                }
                if (k == n) {
                    return true;
                }
            }
            return false;
        }

        private long parseLength(int from, int to) throws IOException {
            if (from == to) {
                throw new IOException("the answer has an empty Content-Length");
            }
            long n = 0;
            for (int i = from; i < to; i++) {
                int d = rbuf[i] - '0';
                if (d < 0 || d > 9 || n > Integer.MAX_VALUE) {
                    throw new IOException("the answer has a bad Content-Length");
                }
                n = n * 10 + d;
            }
            return n;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "CallerThreadTransport[" + hostHeader + (tls != null ? ", TLS" : "") + "]";
    }
}
