package dev.sferum.sdk.chat.event.internal;

import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link EventErrorListener}: a WARN line per handler failure, naming the event by type and id (the
 * caller does not otherwise see it). Source failures are already logged by the source, so it adds nothing there.
 */
public final class LoggingErrorListener implements EventErrorListener {
    /** The one instance; stateless. */
    public static final LoggingErrorListener INSTANCE = new LoggingErrorListener();
    private static final Logger log = LoggerFactory.getLogger(EventErrorListener.class);

    private LoggingErrorListener() {
    }

    @Override
    public void handlerFailed(ChatEvent event, Throwable error) {
        log.warn("an event handler threw on {}; the stream goes on. Set EventStream.builder().errorListener(...) to handle this",
                event.meta(), error);
    }

    @Override
    public void sourceFailed(EventOrigin origin, Throwable error, boolean willRetry) {
        // The source logs its own failures.
    }

    @Override
    public String toString() {
        return "EventErrorListener[log]";
    }
}
