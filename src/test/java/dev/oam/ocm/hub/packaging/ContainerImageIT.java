package dev.oam.ocm.hub.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs here, so the Dockerfile is checked against the build instead: what it copies exists
 * after `mvn package`, and the command it runs, with its JVM settings, is the one the tests run.
 */
class ContainerImageIT {
    private static final Path DOCKERFILE = ImageJvm.DOCKERFILE;
    private static final Path JAR = Path.of("target/vela-ocm-hub-operator.jar");

    @Test
    void copiesTheJarThePackagePhaseBuilds() throws IOException {
        String text = Files.readString(DOCKERFILE);
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(text);
        assertTrue(copy.find(), "the runtime stage copies the jar from the build stage");
        assertTrue(Files.isRegularFile(Path.of(copy.group(1))), copy.group(1) + " must exist after mvn package");
        for (String source : List.of("pom.xml", "src", "crds")) {
            assertTrue(text.contains("COPY " + source), "the build stage copies " + source);
            assertTrue(Files.exists(Path.of(source)), source + " exists");
        }
    }

    @Test
    void entrypointRunsTheOperatorAsNonRoot() throws IOException {
        String text = Files.readString(DOCKERFILE);
        assertEquals(List.of("java", "-jar", "/app/vela-ocm-hub-operator.jar", "run"), command(text),
                "ENTRYPOINT + CMD must be what README documents as the run command");
        assertTrue(text.contains("USER 65532"), "a non-root user");
        assertTrue(text.contains("-Djava.io.tmpdir=/tmp"), "temporary files only under /tmp (read-only root filesystem)");
    }

    @Test
    void jvmSettingsOfTheImageStartTheJar() throws Exception {
        assertTrue(Files.readString(DOCKERFILE).contains("ENV JAVA_TOOL_OPTIONS=\"${JVM_OPTIONS} "),
                "the image runs with JVM_OPTIONS");
        String out = java(ImageJvm.options(), "--help");
        assertTrue(out.contains("render -f"), out);
    }

    @Test
    void theImagesTrainingRunRecordsAnArchiveTheOperatorCanMap() throws Exception {
        String training = ImageJvm.trainingArguments();
        assertTrue(training.contains("-XX:ArchiveClassesAtExit=" + ImageJvm.imageArchive()), training);
        assertTrue(training.endsWith("-jar /app/vela-ocm-hub-operator.jar train"), training);
        Files.deleteIfExists(ImageJvm.LOCAL_ARCHIVE);
        List<String> options = new ArrayList<>(ImageJvm.optionsWithArchive(JAR));
        assertTrue(Files.size(ImageJvm.LOCAL_ARCHIVE) > 1_000_000, "the archive holds the trained classes");
        // -Xshare:on turns "the archive cannot be used" (another jar, other JVM flags) from a warning into a failure.
        options.add("-Xshare:on");
        options.add("-Xlog:class+load=info");
        String out = java(options, "--help");
        assertTrue(out.contains("dev.oam.ocm.hub.runtime.Main source: shared objects file (top)"),
                "the operator's own classes come from the archive:\n" + out.lines().limit(20).toList());
    }

    @Test
    void loggingIsSetUpWithoutLogbacksXmlConfiguration() throws Exception {
        List<String> options = new ArrayList<>(ImageJvm.options());
        options.add("-Xlog:class+load=info");
        String out = java(options, "train");
        assertTrue(out.contains("dev.oam.ocm.hub.runtime.ConsoleLogging source:"), "the operator's logging is set up in code");
        // Logback's configuration model and the JDK's XML parser (a few classes of logback's joran packages load
        // either way: the appenders use them, and logback looks for a configuration file before main sets it up).
        List<String> xml = out.lines().filter(l -> l.contains("ch.qos.logback.core.model.") || l.contains(".xerces."))
                .limit(5).toList();
        assertTrue(xml.isEmpty(), "no XML configuration classes are loaded (nor kept in the image's class cache): " + xml);
    }

    private static String java(List<String> options, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java exits");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static List<String> command(String dockerfile) {
        List<String> all = new ArrayList<>();
        for (String instruction : List.of("ENTRYPOINT", "CMD")) {
            Matcher m = Pattern.compile("(?m)^" + instruction + " \\[(.*)]$").matcher(dockerfile);
            assertTrue(m.find(), instruction + " in exec form");
            for (String part : m.group(1).split(",")) {
                all.add(part.trim().replaceAll("^\"|\"$", ""));
            }
        }
        return all;
    }
}
