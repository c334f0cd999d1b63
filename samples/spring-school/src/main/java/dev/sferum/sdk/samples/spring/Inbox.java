package dev.sferum.sdk.samples.spring;

import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageNew;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives the class chats' new messages from the starter's event stream (fed by the Callback API endpoint at
 * {@code sferum.callback.path}). Pupils appear in the log only as ids, never with a name or the text.
 */
@Component
class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private final AtomicInteger received = new AtomicInteger();

    Inbox(EventStream events) {
        events.onMessageNew(this::onMessage);
    }

    private void onMessage(MessageNew m) {
        received.incrementAndGet();
        log.info("new message in {} from user {}", m.message().ref().peer(), m.message().from());
    }

    /** {@return how many new messages arrived} */
    int received() {
        return received.get();
    }
}
