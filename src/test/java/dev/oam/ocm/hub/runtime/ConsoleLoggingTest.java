package dev.oam.ocm.hub.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleLoggingTest {

    @Test
    void operatorAtLogLevelJosdkAtInfoEverythingElseAtWarnOnStdout() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging.apply(context, Map.of("LOG_LEVEL", "DEBUG"));

        assertEquals(Level.DEBUG, context.getLogger("dev.oam.ocm.hub.reconciler.VelaOcmHubReconciler").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("io.javaoperatorsdk.operator.Operator").getEffectiveLevel());
        assertEquals(Level.WARN, context.getLogger("io.fabric8.kubernetes.client.Config").getEffectiveLevel());
        Appender<ILoggingEvent> stdout = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        ConsoleAppender<ILoggingEvent> console = assertInstanceOf(ConsoleAppender.class, stdout);
        assertTrue(console.isStarted(), "the appender runs");
        assertEquals("System.out", console.getTarget());
        PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, console.getEncoder());
        assertEquals(ConsoleLogging.PATTERN, encoder.getPattern(), "one line per event, with the reconciled resource");
    }

    @Test
    void logLevelDefaultsToInfoAndAnUnknownValueIsInfo() {
        assertEquals(Level.INFO, ConsoleLogging.operatorLevel(Map.of()));
        assertEquals(Level.INFO, ConsoleLogging.operatorLevel(Map.of("LOG_LEVEL", "loud")));
        assertEquals(Level.TRACE, ConsoleLogging.operatorLevel(Map.of("LOG_LEVEL", "trace")));
    }

    @Test
    void aLogbackTestXmlOnTheClassPathIsLeftAsLogbackReadIt() {
        ConsoleLogging.setUp();

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleAppender<ILoggingEvent> console = assertInstanceOf(ConsoleAppender.class,
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"));
        String pattern = assertInstanceOf(PatternLayoutEncoder.class, console.getEncoder()).getPattern();
        assertNotEquals(ConsoleLogging.PATTERN, pattern, "the tests' logback-test.xml still applies");
    }
}
