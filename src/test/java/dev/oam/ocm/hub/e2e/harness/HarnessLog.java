package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the harness itself did (it is no process, so it gets a log file of its own, e.g.
 * {@code logs/harness.log}). Warnings also go to the test output: they explain a hang.
 */
final class HarnessLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Path file;
    private final Logger logger;

    HarnessLog(Path logDir, String name) {
        this.file = logDir.resolve(name + ".log");
        this.logger = LoggerFactory.getLogger(HarnessLog.class.getPackageName() + "." + name);
    }

    Path file() {
        return file;
    }

    void info(String message) {
        append("INFO ", message);
        logger.info(message);
    }

    void warn(String message) {
        append("WARN ", message);
        logger.warn("{} (log: {})", message, file);
    }

    private synchronized void append(String level, String message) {
        String line = LocalTime.now().format(TIME) + " " + level + message + System.lineSeparator();
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
