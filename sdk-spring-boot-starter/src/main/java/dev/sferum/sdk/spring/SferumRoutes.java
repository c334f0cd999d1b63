package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.SignInCallback;
import dev.sferum.sdk.auth.SignInResult;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.chat.event.CallbackResponse;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.MaxWebhookReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The starter's HTTP endpoints on Spring MVC: the VK Callback API, the MAX webhook and VK ID sign-in. The SDK's
 * receivers do every check (confirmation, secret, body size, de-duplication); these routes only carry bytes.
 */
final class SferumRoutes {
    private static final Logger log = LoggerFactory.getLogger(SferumRoutes.class);
    private static final MediaType TEXT = MediaType.parseMediaType(CallbackResponse.CONTENT_TYPE);

    private SferumRoutes() {
    }

    static RouterFunction<ServerResponse> routes(SferumProperties p, CallbackReceiver vk, MaxWebhookReceiver max, VkIdClient vkid,
            ApplicationEventPublisher events) {
        RouterFunctions.Builder routes = RouterFunctions.route();
        boolean any = false;
        if (vk != null) {
            routes.POST(p.callback().path(), request -> answer(vk.handle(body(request), headers(request))));
            any = true;
        }
        if (max != null) {
            routes.POST(p.webhook().path(), request -> answer(max.handle(body(request), headers(request))));
            any = true;
        }
        if (vkid != null) {
            routes.GET(p.vkid().signInPath(), request -> ServerResponse.status(302).location(vkid.startSignIn().authorizeUri()).build());
            routes.GET(p.vkid().callbackPath(), request -> {
                try {
                    SignInResult done = vkid.completeSignIn(SignInCallback.fromUri(request.uri()));
                    events.publishEvent(done);
                    return ServerResponse.status(302).location(URI.create(p.vkid().successUrl())).build();
                } catch (SferumException e) {
                    log.debug("VK ID sign-in failed: {} {}", e.category(), e.getMessage());
                    return ServerResponse.badRequest().contentType(TEXT).body("sign-in failed: " + e.getMessage());
                }
            });
            any = true;
        }
        if (!any) {
            // Nothing configured: a route that never matches keeps the bean simple for applications that inject it.
            routes.route(request -> false, request -> ServerResponse.notFound().build());
        }
        return routes.build();
    }

    private static byte[] body(ServerRequest request) throws Exception {
        return request.body(byte[].class);
    }

    private static Map<String, List<String>> headers(ServerRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().asHttpHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return headers;
    }

    private static ServerResponse answer(CallbackResponse response) {
        return ServerResponse.status(response.status()).contentType(TEXT).body(response.body());
    }
}
