package dev.sferum.sdk.transport.apache;

import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes Apache's connections without its header and wire logs. Apache's own connection writes every request and
 * response header ({@code Authorization: Bearer …} included) to the {@code org.apache.hc.client5.http.headers}
 * logger, and every byte (bodies with pupils' names included) to {@code org.apache.hc.client5.http.wire}, whenever
 * an application turns those loggers to DEBUG. Connections made here never call either logger, whatever the
 * logging configuration says, so a token or a body cannot reach a log through this transport.
 */
final class QuietConnections implements HttpConnectionFactory<ManagedHttpClientConnection> {
    static final QuietConnections INSTANCE = new QuietConnections();
    private static final AtomicLong IDS = new AtomicLong();

    private QuietConnections() {
    }

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        Quiet c = new Quiet("sferum-http-" + IDS.incrementAndGet());
        if (socket != null) {
            c.bind(socket);
        }
        return c;
    }

    @Override
    public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
        Quiet c = new Quiet("sferum-http-" + IDS.incrementAndGet());
        if (sslSocket != null) {
            c.bind(sslSocket, socket);
        } else if (socket != null) {
            c.bind(socket);
        }
        return c;
    }

    /** Apache's managed connection with the header log and the wire log cut out. */
    static final class Quiet extends DefaultManagedHttpClientConnection {
        Quiet(String id) {
            super(id);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            bind(new SocketHolder(socket));
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            bind(new SocketHolder(sslSocket, socket));
        }

        @Override
        protected void onRequestSubmitted(ClassicHttpRequest request) {
            // Apache logs every request header here; the Authorization header holds the token.
        }

        @Override
        protected void onResponseReceived(ClassicHttpResponse response) {
            // Apache logs every response header here.
        }
    }
}
