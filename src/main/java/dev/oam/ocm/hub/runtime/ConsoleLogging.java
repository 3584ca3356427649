package dev.oam.ocm.hub.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The operator's logging, set up in code instead of a logback.xml: reading XML brings logback's configuration
 * model and the JDK's XML parser, about 500 classes that every start would load and keep (in the image's class
 * cache too) for three lines of settings. One line per event on stdout, with the resource a reconcile works
 * on; {@code LOG_LEVEL} sets the operator's own level (INFO by default), JOSDK stays at INFO and every other
 * library at WARN.
 *
 * <p>A {@code logback-test.xml} on the class path (the tests') or {@code -Dlogback.configurationFile} wins:
 * logback has then read that file, and it stays as it is.
 */
final class ConsoleLogging {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level [%thread] %logger{0} %X{resource.name:-}- %msg%n";

    private ConsoleLogging() {
    }

    /** Replaces logback's default (everything at DEBUG) before anything logs: the first thing main does. */
    static void setUp() {
        if (System.getProperty("logback.configurationFile") == null
                && ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") == null
                && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            apply(context, System.getenv());
        }
    }

    static void apply(LoggerContext context, Map<String, String> env) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("io.javaoperatorsdk").setLevel(Level.INFO);
        context.getLogger("dev.oam.ocm.hub").setLevel(operatorLevel(env));
    }

    /** LOG_LEVEL, as a system property or an environment variable (logback.xml's ${LOG_LEVEL:-INFO}). */
    static Level operatorLevel(Map<String, String> env) {
        String value = System.getProperty("LOG_LEVEL", env.get("LOG_LEVEL"));
        return Level.toLevel(value, Level.INFO);
    }
}
