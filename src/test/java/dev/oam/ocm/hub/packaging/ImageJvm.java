package dev.oam.ocm.hub.packaging;

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

/**
 * The JVM of the container image, read from the Dockerfile, so that tests and benchmarks run the jar the way
 * the image does: its JVM_OPTIONS, and the class-data archive its build records with the {@code train}
 * command. Outside a container the heap percentages would apply to the host's memory, so they become what
 * they give under deploy/base's 256 MiB limit.
 */
public final class ImageJvm {
    static final Path DOCKERFILE = Path.of("Dockerfile");
    /** Where tests keep the archive, beside the jar it belongs to. */
    public static final Path LOCAL_ARCHIVE = Path.of("target/vela-ocm-hub-operator.jsa");

    private ImageJvm() {
    }

    /** JVM_OPTIONS of the Dockerfile, heap sized as under a 256 MiB limit. */
    public static List<String> options() {
        List<String> options = new ArrayList<>(Arrays.asList(match("JVM_OPTIONS=\"([^\"]+)\"").split("\\s+")));
        options.removeIf(o -> o.startsWith("-XX:MaxRAMPercentage") || o.startsWith("-XX:InitialRAMPercentage"));
        options.add("-Xmx128m");
        options.add("-Xms16m");
        return options;
    }

    /** The image's archive path, from -XX:SharedArchiveFile in JAVA_TOOL_OPTIONS. */
    static String imageArchive() {
        return match("JAVA_TOOL_OPTIONS=\"\\$\\{JVM_OPTIONS} -XX:SharedArchiveFile=(\\S+)\"");
    }

    /** The arguments the image build's training run adds to JVM_OPTIONS, with the image's paths. */
    static String trainingArguments() {
        return match("(?m)^RUN java \\$\\{JVM_OPTIONS} (.+ train)$");
    }

    /**
     * Options for running {@code jar} as the image runs it, with a class-data archive recorded for this jar by
     * the image's own training command (made once per jar build).
     */
    public static synchronized List<String> optionsWithArchive(Path jar) {
        Path archive = LOCAL_ARCHIVE.toAbsolutePath();
        try {
            if (!Files.exists(archive) || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.deleteIfExists(archive);
                record(jar.toAbsolutePath(), archive);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the class-data archive " + archive, e);
        }
        List<String> options = options();
        options.add("-XX:SharedArchiveFile=" + archive);
        return options;
    }

    private static void record(Path jar, Path archive) {
        String imageJar = "/app/vela-ocm-hub-operator.jar";
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(options());
        for (String argument : trainingArguments().split("\\s+")) {
            command.add(argument.replace(imageArchive(), archive.toString()).replace(imageJar, jar.toString()));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isRegularFile(archive)) {
                throw new IllegalStateException("training run " + command + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String match(String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(DOCKERFILE));
            if (!m.find()) {
                throw new IllegalStateException("the Dockerfile has no " + regex);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Dockerfile", e);
        }
    }
}
