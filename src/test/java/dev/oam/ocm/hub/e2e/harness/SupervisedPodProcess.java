package dev.oam.ocm.hub.e2e.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pod's workload like a kubelet runs a container: start, probe for readiness, on exit report not Ready
 * and restart with an exponential back-off, as restartPolicy Always does. A Job's pod (restartPolicy Never, or
 * OnFailure after a zero exit) is not restarted: it ends Succeeded or Failed by its exit code, which the Job
 * controller (and {@code helm}, waiting for a hook Job) reads.
 */
final class SupervisedPodProcess implements PodRunner {
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A process that ran this long resets the back-off, as the kubelet's does. */
    private static final Duration STABLE_RUN = Duration.ofSeconds(60);
    private static final long PROBE_MILLIS_UNTIL_READY = 300;
    private static final long PROBE_MILLIS_WHEN_READY = 2000;
    private static final int FAILURES_TO_UNREADY = 3;

    private final String podKey;
    private final PodWorkload workload;
    private final ScheduledExecutorService scheduler;
    private final Runnable onChange;
    private final HarnessLog log;
    private final String restartPolicy;

    private ManagedProcess current;
    private PodRunState state = PodRunState.waiting("ContainerCreating", null, 0, null);
    private int restarts;
    private Duration backoff = FIRST_BACKOFF;
    private int probeFailures;
    private ScheduledFuture<?> pending;
    private boolean stopped;

    SupervisedPodProcess(String podKey, String restartPolicy, PodWorkload workload,
            ScheduledExecutorService scheduler, Runnable onChange, HarnessLog log) {
        this.podKey = podKey;
        this.restartPolicy = restartPolicy == null ? "Always" : restartPolicy;
        this.workload = workload;
        this.scheduler = scheduler;
        this.onChange = onChange;
        this.log = log;
    }

    @Override
    public synchronized void start() {
        pending = scheduler.schedule(this::launch, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized PodRunState state() {
        return state;
    }

    @Override
    public void stop() {
        ManagedProcess process;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
            }
            process = current;
        }
        if (process != null) {
            process.stop();
            log.info(podKey + ": stopped " + process.name() + " (exit code " + process.exitCode() + ")");
        }
        workload.cleanUp();
    }

    private synchronized void launch() {
        if (stopped) {
            return;
        }
        ManagedProcess process;
        try {
            process = workload.launch();
        } catch (PodWorkload.NotYetRunnableException e) {
            setState(PodRunState.waiting("ContainerCreating", e.getMessage(), restarts, workload.podIp()));
            pending = scheduler.schedule(this::launch, 1, TimeUnit.SECONDS);
            return;
        } catch (RuntimeException e) {
            log.warn(podKey + ": cannot start its process: " + e.getMessage());
            setState(PodRunState.waiting("CreateContainerError", e.getMessage(), restarts, workload.podIp()));
            scheduleRestart();
            return;
        }
        current = process;
        probeFailures = 0;
        log.info(podKey + ": started " + process);
        setState(PodRunState.running(false, workload.podIp(), restarts, process.startedAt()));
        process.onExit().thenRun(() -> scheduler.execute(() -> exited(process)));
        pending = scheduler.schedule(() -> probe(process), PROBE_MILLIS_UNTIL_READY, TimeUnit.MILLISECONDS);
    }

    private void probe(ManagedProcess process) {
        synchronized (this) {
            if (stopped || process != current || !process.isAlive()) {
                return;
            }
        }
        boolean ok = workload.isReady(process); // outside the lock: it may take seconds
        synchronized (this) {
            if (stopped) {
                return; // the pod went away during the probe: nothing of it is maintained any more
            }
        }
        workload.maintain();
        synchronized (this) {
            if (stopped || process != current || !process.isAlive()) {
                return;
            }
            boolean wasReady = state.ready();
            probeFailures = ok ? 0 : probeFailures + 1;
            boolean ready = ok || (wasReady && probeFailures < FAILURES_TO_UNREADY);
            if (ready != wasReady) {
                log.info(podKey + ": " + process.name() + (ready ? " is ready" : " failed its readiness probe"));
                setState(PodRunState.running(ready, workload.podIp(), restarts, process.startedAt()));
            }
            long next = ready ? PROBE_MILLIS_WHEN_READY : PROBE_MILLIS_UNTIL_READY;
            pending = scheduler.schedule(() -> probe(process), next, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void exited(ManagedProcess process) {
        if (stopped || process != current) {
            return;
        }
        current = null;
        int code = process.exitCode();
        boolean restart = switch (restartPolicy) {
            case "Never" -> false;
            case "OnFailure" -> code != 0;
            default -> true;
        };
        if (!restart) {
            String message = process.name() + " exited with code " + code + " (log: " + process.logFile() + ")";
            log.info(podKey + ": " + message + "; restartPolicy " + restartPolicy + ": not restarted"
                    + (code == 0 ? "" : "\n" + process.logTail(15)));
            setState(PodRunState.terminated(code, message, restarts, workload.podIp()));
            return;
        }
        restarts++;
        if (Duration.between(process.startedAt(), Instant.now()).compareTo(STABLE_RUN) > 0) {
            backoff = FIRST_BACKOFF;
        }
        String message = process.name() + " exited with code " + process.exitCode() + "; restarting in "
                + backoff.toSeconds() + " s (log: " + process.logFile() + ")";
        log.warn(podKey + ": " + message + "\n" + process.logTail(15));
        setState(PodRunState.waiting("CrashLoopBackOff", message, restarts, workload.podIp()));
        scheduleRestart();
    }

    private void scheduleRestart() {
        pending = scheduler.schedule(this::launch, backoff.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void setState(PodRunState next) {
        state = next;
        onChange.run();
    }
}
