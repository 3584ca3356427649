package dev.oam.ocm.hub.e2e.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Callers compare command output as is (kubectl -o jsonpath prints no newline); progress sees whole lines. */
class CommandsTest {

    @Test
    void keepsOutputExactlyAndHandsOverEachLine(@TempDir Path dir) {
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult result = Commands.run(dir.resolve("log"), List.of("printf", "one\\ntwo"), Map.of(), null,
                Duration.ofSeconds(10), lines::add);

        assertEquals("one\ntwo", result.stdout(), "no newline added at the end");
        assertEquals(List.of("one", "two"), lines);
    }

    @Test
    void readsAnErrorStreamLargerThanAPipeWhileStandardOutputIsOpen(@TempDir Path dir) {
        // 200 KiB on stderr before anything on stdout: one reader per stream, or the command would block.
        CommandResult result = Commands.run(dir.resolve("log"),
                List.of("bash", "-c", "head -c 204800 /dev/zero | tr '\\\\0' x >&2; echo done"), Map.of(), null,
                Duration.ofSeconds(30));

        assertEquals("done\n", result.stdout());
        assertEquals(204800, result.stderr().length());
    }
}
