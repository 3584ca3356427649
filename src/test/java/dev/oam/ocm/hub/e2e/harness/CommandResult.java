package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.util.List;

/** The outcome of a short command run to completion (kubectl, clusteradm, openssl, ip). */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, Path logFile) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result when the command exited 0, else fails with its output and the log file. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new IllegalStateException("expected `" + String.join(" ", command) + "` to exit 0, it exited "
                    + exitCode + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip()
                    + "\n(log: " + logFile + ")");
        }
        return this;
    }
}
