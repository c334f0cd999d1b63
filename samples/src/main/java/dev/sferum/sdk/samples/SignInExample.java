package dev.sferum.sdk.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.auth.SignInCallback;
import dev.sferum.sdk.auth.SignInResult;
import dev.sferum.sdk.auth.SignInStart;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.auth.InMemoryTokenStore;
import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * "Sign in with VK ID" in a tiny local web server: {@code /} sends the browser to VK ID with PKCE, and
 * {@code /callback} completes the sign-in. Against the embedded fake by default, and it plays the browser itself,
 * so it runs start to end with no one at the keyboard.
 *
 * <pre>
 * java -cp samples/target/sferum-demo.jar dev.sferum.sdk.samples.SignInExample
 * </pre>
 *
 * <p>With a real app: register {@code http://127.0.0.1:PORT/callback} as a trusted redirect in the VK ID app's
 * settings, drop the fake, use {@code VkIdConfig.builder().clientId(yourAppId)} with the default hosts, and open
 * {@code http://127.0.0.1:PORT/} in a browser.
 */
public final class SignInExample {
    private SignInExample() {
    }

    /**
     * @param args ignored
     * @throws Exception if the example fails
     */
    public static void main(String[] args) throws Exception {
        System.out.println(run());
    }

    static String run() throws Exception {
        try (FakeVk vk = FakeVk.start()) {
            FakeUser teacher = vk.createUser("Анна", "Петрова");
            vk.oauth().signIn(teacher);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            URI redirect = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
            FakeOAuthClient app = vk.oauth().registerClient(redirect);

            VkIdClient vkId = VkIdClient.builder()
                    .config(VkIdConfig.builder().clientId(app.clientId()).redirectUri(redirect)
                            .idBaseUrl(vk.baseUri().toString()).oauthBaseUrl(vk.baseUri().toString()).build())
                    .tokenStore(new InMemoryTokenStore())
                    .buildClient();
            CompletableFuture<SignInResult> signedIn = new CompletableFuture<>();

            server.createContext("/", exchange -> {
                SignInStart start = vkId.startSignIn(r -> r.scopes("email"));
                exchange.getResponseHeaders().add("Location", start.authorizeUri().toString());
                reply(exchange, 302, "");
            });
            server.createContext("/callback", exchange -> {
                try {
                    SignInResult result = vkId.completeSignIn(SignInCallback.fromUri(exchange.getRequestURI()));
                    signedIn.complete(result);
                    reply(exchange, 200, "Signed in as VK user " + result.tokens().userId() + ". You can close this page.");
                } catch (RuntimeException e) {
                    signedIn.completeExceptionally(e);
                    reply(exchange, 400, "Sign-in failed: " + e.getMessage());
                }
            });
            server.start();
            try {
                String page = browse(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
                SignInResult result = signedIn.join();
                return page + " (grant " + result.grantKey() + ", access token " + result.tokens().accessToken() + ")";
            } finally {
                server.stop(0);
            }
        }
    }

    /** A browser in three hops: our page, VK ID's authorize page, and back to our callback. */
    private static String browse(URI start) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        URI next = start;
        for (int hop = 0; hop < 5; hop++) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 3) {
                return r.body();
            }
            next = next.resolve(r.headers().firstValue("Location").orElseThrow());
        }
        throw new IOException("too many redirects");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
