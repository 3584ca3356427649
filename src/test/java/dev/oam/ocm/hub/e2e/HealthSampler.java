package dev.oam.ocm.hub.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.HealthCheckers;
import dev.oam.ocm.hub.e2e.harness.HealthCheckers.Verdict;
import dev.oam.ocm.hub.e2e.harness.Kubectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a live VelaOcmHub again and again, on a thread of its own, and records what kstatus and the Argo CD
 * health script say about each copy, with the status fields they should follow: a test then checks that the tools
 * never called the hub healthy when it was not, and saw the states it should.
 */
final class HealthSampler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PERIOD_MILLIS = 700;

    /** One copy of the hub and the verdicts on it. */
    record Sample(long generation, long observedGeneration, String phase, String readyStatus, String readyReason,
            Verdict kstatus, Verdict argoCd) {
        @Override
        public String toString() {
            return "gen " + generation + "/observed " + observedGeneration + " " + phase + " Ready=" + readyStatus
                    + " (" + readyReason + "): kstatus " + kstatus.status() + ", Argo CD " + argoCd.status();
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private HealthSampler(Kubectl kubectl, HealthCheckers checkers, Path argoCdLua, String hub) {
        thread = new Thread(() -> {
            while (running) {
                Sample sample;
                try {
                    sample = sample(kubectl, checkers, argoCdLua, hub);
                } catch (IllegalStateException e) {
                    if (!running) {
                        return; // stop() interrupted a command
                    }
                    throw e;
                }
                if (sample != null) {
                    synchronized (samples) {
                        samples.add(sample);
                    }
                }
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "health-sampler");
        thread.setDaemon(true);
    }

    static HealthSampler start(Kubectl kubectl, HealthCheckers checkers, Path argoCdLua, String hub) {
        HealthSampler sampler = new HealthSampler(kubectl, checkers, argoCdLua, hub);
        sampler.thread.start();
        return sampler;
    }

    /** Stops sampling and returns every sample taken. */
    List<Sample> stop() {
        close();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The hub as kubectl gets it and both verdicts on that copy; null while it does not exist. */
    static Sample sample(Kubectl kubectl, HealthCheckers checkers, Path argoCdLua, String hub) {
        CommandResult get = kubectl.run("get", "velaocmhub", hub, "-o", "json", "--ignore-not-found");
        if (!get.succeeded() || get.stdout().isBlank()) {
            return null;
        }
        JsonNode object;
        try {
            object = JSON.readTree(get.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode ready = null;
        for (JsonNode condition : object.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                ready = condition;
            }
        }
        return new Sample(object.path("metadata").path("generation").asLong(),
                object.path("status").path("observedGeneration").asLong(-1),
                object.path("status").path("phase").asText(null),
                ready == null ? null : ready.path("status").asText(), ready == null ? null : ready.path("reason").asText(),
                checkers.kstatus(get.stdout()), checkers.argoCd(argoCdLua, get.stdout()));
    }
}
