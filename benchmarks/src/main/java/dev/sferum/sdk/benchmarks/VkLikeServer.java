package dev.sferum.sdk.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP/1.1 server that answers {@code messages.send} the way {@code api.vk.com} does, built so that it is
 * never the bottleneck and treats every client alike.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: on JDK 17 it leaves Nagle's algorithm on and writes the head
 * and body separately (each call then stalls ~40 ms on delayed ACK unless {@code sun.net.httpserver.nodelay} is set
 * before it starts), and it re-cases header names to {@code Content-type}, which VK's own SDK looks up
 * case-sensitively and rejects. This server writes each answer — head and body — in one {@code write} on a
 * {@code TCP_NODELAY} socket, with VK's header spelling: {@code Content-Type: application/json; charset=utf-8}.
 *
 * <p>One platform thread per connection (clients keep at most a few dozen alive), blocking I/O, no per-request
 * allocation beyond the answer bytes. It checks what a real VK would refuse — a missing token, a missing
 * {@code v}, a {@code messages.send} without {@code random_id} — and answers those with VK's error JSON, so a
 * contender that sends the wrong request cannot look fast.
 *
 * <p>{@code GET /stats} answers {@code {"requests":N,"errors":E,"cpu_ns":C}}: requests answered, error answers
 * among them, and this process's CPU time, so the load runner can report the server's CPU per request.
 */
public final class VkLikeServer implements AutoCloseable {
    private static final byte[] HEAD_1 = ("HTTP/1.1 200 OK\r\n"
            + "Server: kittenx\r\n"
            + "Date: ").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_2 = ("\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Connection: keep-alive\r\n"
            + "X-Powered-By: KPHP/7.4.84067\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-control: no-store\r\n"
            + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicLong messageIds = new AtomicLong(1_000_000);
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile boolean running = true;
    private volatile long dateSecond;
    private volatile byte[] date = new byte[0];

    private VkLikeServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::accept, "vk-like-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @return the running server
     * @throws IOException if it cannot bind
     */
    public static VkLikeServer start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        return new VkLikeServer(s);
    }

    /** {@return the base URL, such as {@code http://127.0.0.1:40123}} */
    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** {@return the port} */
    public int port() {
        return socket.getLocalPort();
    }

    /** {@return requests answered so far} */
    public long requests() {
        return requests.sum();
    }

    /** {@return error answers (bad requests) so far} */
    public long errors() {
        return errors.sum();
    }

    @Override
    public void close() throws IOException {
        running = false;
        socket.close();
    }

    private void accept() {
        while (running) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            Thread t = new Thread(() -> serve(s), "vk-like-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Connection c = new Connection(in);
            while (running) {
                if (!c.readRequest()) {
                    return;
                }
                byte[] answer = answer(c);
                out.write(answer);
                out.flush();
                if (c.close) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException | RuntimeException e) {
            System.err.println("vk-like server: " + e);
        }
    }

    private byte[] answer(Connection c) {
        if (c.path.equals("/stats")) {
            long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return respond("{\"requests\":" + requests.sum() + ",\"errors\":" + errors.sum() + ",\"cpu_ns\":" + cpu + "}");
        }
        requests.increment();
        if (!c.path.startsWith("/method/")) {
            errors.increment();
            return respond(error(3, "Unknown method passed"));
        }
        if (!c.bearer && !c.formHas("access_token")) {
            errors.increment();
            return respond(error(5, "User authorization failed: no access_token passed."));
        }
        if (!c.formHas("v")) {
            errors.increment();
            return respond(error(8, "Invalid request: v (version) is required"));
        }
        if (c.path.equals("/method/messages.send")) {
            if (!c.formHas("random_id") || !c.formHas("peer_id")) {
                errors.increment();
                return respond(error(100, "One of the parameters specified was missing or invalid: random_id and peer_id are required"));
            }
            return respond("{\"response\":" + messageIds.incrementAndGet() + "}");
        }
        errors.increment();
        return respond(error(3, "Unknown method passed"));
    }

    private static String error(int code, String msg) {
        return "{\"error\":{\"error_code\":" + code + ",\"error_msg\":\"" + msg + "\",\"request_params\":[]}}";
    }

    private byte[] respond(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] d = date();
        byte[] len = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[HEAD_1.length + d.length + HEAD_2.length + len.length + 4 + body.length];
        int at = 0;
        System.arraycopy(HEAD_1, 0, out, at, HEAD_1.length);
        at += HEAD_1.length;
        System.arraycopy(d, 0, out, at, d.length);
        at += d.length;
        System.arraycopy(HEAD_2, 0, out, at, HEAD_2.length);
        at += HEAD_2.length;
        System.arraycopy(len, 0, out, at, len.length);
        at += len.length;
        out[at++] = '\r';
        out[at++] = '\n';
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(body, 0, out, at, body.length);
        return out;
    }

    private byte[] date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII);
            dateSecond = second;
        }
        return date;
    }

    /** One keep-alive connection's read side: a reused buffer and what the current request said. */
    static final class Connection {
        private final InputStream in;
        private byte[] buf = new byte[16 * 1024];
        private int start;
        private int end;
        String path;
        boolean bearer;
        boolean close;
        private byte[] body = new byte[0];
        private int bodyLen;
        private int queryFrom;
        private int queryTo;
        private byte[] query = new byte[0];

        Connection(InputStream in) {
            this.in = in;
        }

        /** Reads one request; false at a clean end of stream. */
        boolean readRequest() throws IOException {
            int headEnd;
            while ((headEnd = indexOfHeadEnd()) < 0) {
                if (start > 0 && end == buf.length) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    if (end > start) {
                        throw new IOException("connection closed in the middle of a request head");
                    }
                    return false;
                }
                end += n;
            }
            parseHead(start, headEnd);
            start = headEnd + 4;
            readBody();
            return true;
        }

        private int indexOfHeadEnd() {
            for (int i = start; i + 3 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private long contentLength;
        private boolean chunked;

        private void parseHead(int from, int to) throws IOException {
            int lineEnd = indexOf(from, to, '\r');
            if (lineEnd < 0) {
                lineEnd = to;
            }
            int sp1 = indexOf(from, lineEnd, ' ');
            int sp2 = sp1 < 0 ? -1 : indexOf(sp1 + 1, lineEnd, ' ');
            if (sp1 < 0 || sp2 < 0) {
                throw new IOException("bad request line");
            }
            int q = indexOf(sp1 + 1, sp2, '?');
            path = new String(buf, sp1 + 1, (q < 0 ? sp2 : q) - sp1 - 1, StandardCharsets.US_ASCII);
            if (q >= 0) {
                query = java.util.Arrays.copyOfRange(buf, q + 1, sp2);
            } else {
                query = new byte[0];
            }
            queryFrom = 0;
            queryTo = query.length;
            boolean http10 = regionIs(sp2 + 1, "HTTP/1.0");
            bearer = false;
            close = http10;
            contentLength = 0;
            chunked = false;
            int at = lineEnd + 2;
            while (at < to) {
                int e = indexOf(at, to, '\r');
                if (e < 0) {
                    e = to;
                }
                int colon = indexOf(at, e, ':');
                if (colon > 0) {
                    int v = colon + 1;
                    while (v < e && buf[v] == ' ') {
                        v++;
                    }
                    if (nameIs(at, colon, "content-length")) {
                        contentLength = Long.parseLong(new String(buf, v, e - v, StandardCharsets.US_ASCII).trim());
                    } else if (nameIs(at, colon, "transfer-encoding")) {
                        chunked = new String(buf, v, e - v, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (nameIs(at, colon, "authorization")) {
                        bearer = regionIsIgnoreCase(v, "bearer ") && e - v > 7;
                    } else if (nameIs(at, colon, "connection")) {
                        String value = new String(buf, v, e - v, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
                        if (value.contains("close")) {
                            close = true;
                        } else if (value.contains("keep-alive")) {
                            close = false;
                        }
                    }
                }
                at = e + 2;
            }
        }

        private void readBody() throws IOException {
            bodyLen = 0;
            if (chunked) {
                while (true) {
                    String sizeLine = readLine();
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        while (!readLine().isEmpty()) {
                            // trailers
                        }
                        return;
                    }
                    ensureBody(bodyLen + size);
                    readExactly(body, bodyLen, size);
                    bodyLen += size;
                    readLine();
                }
            }
            if (contentLength > 16 * 1024 * 1024) {
                throw new IOException("request body too large: " + contentLength);
            }
            int n = (int) contentLength;
            ensureBody(n);
            readExactly(body, 0, n);
            bodyLen = n;
        }

        private void ensureBody(int n) {
            if (body.length < n) {
                body = java.util.Arrays.copyOf(body, Math.max(n, body.length * 2));
            }
        }

        private void readExactly(byte[] into, int off, int n) throws IOException {
            int buffered = Math.min(n, end - start);
            System.arraycopy(buf, start, into, off, buffered);
            start += buffered;
            int done = buffered;
            while (done < n) {
                int r = in.read(into, off + done, n - done);
                if (r < 0) {
                    throw new IOException("connection closed in the middle of a request body");
                }
                done += r;
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (start == end) {
                    start = 0;
                    end = in.read(buf, 0, buf.length);
                    if (end < 0) {
                        throw new IOException("connection closed in a chunked body");
                    }
                }
                byte b = buf[start++];
                if (b == '\n') {
                    int l = sb.length();
                    return l > 0 && sb.charAt(l - 1) == '\r' ? sb.substring(0, l - 1) : sb.toString();
                }
                sb.append((char) b);
            }
        }

        /** Whether the form body or the query string has a non-empty parameter {@code name}. */
        boolean formHas(String name) {
            return has(body, 0, bodyLen, name) || has(query, queryFrom, queryTo, name);
        }

        private static boolean has(byte[] b, int from, int to, String name) {
            int n = name.length();
            int i = from;
            while (i < to) {
                int amp = i;
                while (amp < to && b[amp] != '&') {
                    amp++;
                }
                if (amp - i > n + 1 && b[i + n] == '=') {
                    boolean same = true;
                    for (int k = 0; k < n; k++) {
                        if (b[i + k] != name.charAt(k)) {
                            same = false;
                            break;
                        }
                    }
                    if (same) {
                        return true;
                    }
                }
                i = amp + 1;
            }
            return false;
        }

        private int indexOf(int from, int to, char c) {
            for (int i = from; i < to; i++) {
                if (buf[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean nameIs(int from, int to, String lower) {
            if (to - from != lower.length()) {
                return false;
            }
            return regionIsIgnoreCase(from, lower);
        }

        private boolean regionIs(int from, String s) {
            if (from + s.length() > end) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (buf[from + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean regionIsIgnoreCase(int from, String lower) {
            if (from + lower.length() > end) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                int c = buf[from + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Runs the server as its own process: prints {@code port=<n>} and serves until stdin closes.
     *
     * @param args ignored
     * @throws IOException if it cannot bind
     */
    public static void main(String[] args) throws IOException {
        try (VkLikeServer server = start()) {
            System.out.println("port=" + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our stdin
            }
        }
    }
}
