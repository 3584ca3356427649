package dev.oam.ocm.hub.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Pods a test has declared failing: the fake kubelet reports them not Ready (as a crash-looping
 * container would be), whatever backs them. For degrading a hub component on purpose.
 */
final class PodFailures {
    private final List<Rule> rules = new ArrayList<>();

    synchronized void set(String namespace, String labelSelector, boolean failing) {
        Rule rule = new Rule(namespace, parse(labelSelector), labelSelector);
        rules.remove(rule);
        if (failing) {
            rules.add(rule);
        }
    }

    synchronized boolean failing(Pod pod) {
        return rules.stream().anyMatch(rule -> rule.matches(pod));
    }

    static PodRunState failed(PodRunState state) {
        return new PodRunState(false, false, state.podIp(), state.restartCount() + 1, "CrashLoopBackOff",
                "made to fail by the test (LocalCluster.failPods)", null, null);
    }

    /** Equality-based selectors only: {@code k=v}, {@code k==v}, {@code k!=v}, comma-separated. */
    private static List<Requirement> parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : selector.split(",")) {
            String term = part.trim();
            if (term.isEmpty()) {
                continue;
            }
            boolean negated = term.contains("!=");
            String[] kv = term.split("!=|==|=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("expected an equality label selector like app=x,tier!=y, got "
                        + selector);
            }
            requirements.add(new Requirement(kv[0].trim(), kv[1].trim(), negated));
        }
        return requirements;
    }

    private record Requirement(String key, String value, boolean negated) {
        boolean matches(Map<String, String> labels) {
            return negated != Objects.equals(value, labels.get(key));
        }
    }

    private record Rule(String namespace, List<Requirement> requirements, String selector) {
        boolean matches(Pod pod) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            return namespace.equals(pod.getMetadata().getNamespace())
                    && requirements.stream().allMatch(r -> r.matches(labels));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Rule rule && namespace.equals(rule.namespace) && selector.equals(rule.selector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespace, selector);
        }
    }
}
