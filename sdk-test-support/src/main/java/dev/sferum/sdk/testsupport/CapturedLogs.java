package dev.sferum.sdk.testsupport;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The test suite's SLF4J binding: it records every formatted log line (the SDK's at every level, with arguments
 * and stack traces), so tests can prove that no secret ever reaches a log.
 */
public final class CapturedLogs implements SLF4JServiceProvider {
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);

    /** {@return a snapshot of every line logged so far} */
    public static List<String> lines() {
        return new ArrayList<>(LINES);
    }

    /** {@return whether this provider is the one SLF4J bound} */
    public static boolean active() {
        return org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName().startsWith(CapturedLogs.class.getName());
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public org.slf4j.IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final boolean ours;

        CapturingLogger(String name) {
            this.name = name;
            this.ours = name.startsWith("dev.sferum") || name.startsWith("org.apache.hc");
        }

        @Override
        public boolean isTraceEnabled() {
            return ours;
        }

        @Override
        public boolean isDebugEnabled() {
            return ours;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String msg, Object[] args, Throwable t) {
            StringBuilder line = new StringBuilder().append(level).append(' ').append(name).append(": ")
                    .append(MessageFormatter.basicArrayFormat(msg, args));
            if (t != null) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                line.append('\n').append(w);
            }
            LINES.add(line.toString());
        }
    }
}
