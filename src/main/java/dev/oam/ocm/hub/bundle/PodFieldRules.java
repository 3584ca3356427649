package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.NodePlacement;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Kubernetes checks in a pod template, for the spec fields the operator copies into one (ours directly, the
 * hub components' through the ClusterManager): label syntax of node selector and toleration keys and values,
 * resource quantities, and requests within limits. The CRD cannot say it (a regex over strings of unbounded length
 * exceeds the API server's CEL budget), so render refuses it, before anything is written; otherwise the API server
 * would refuse our Deployment after the namespace and RBAC were applied, or OCM would fail on its own Deployments.
 */
final class PodFieldRules {
    /** A label name: 63 characters at most, alphanumeric at both ends, '-', '_' and '.' inside. */
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
    /** A DNS subdomain, the optional prefix of a label key. */
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUANTITY = Pattern.compile(
            "\\+?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?");

    private PodFieldRules() {
    }

    static void checkPlacement(String field, NodePlacement placement) {
        if (placement == null) {
            return;
        }
        if (placement.getNodeSelector() != null) {
            for (Map.Entry<String, String> e : placement.getNodeSelector().entrySet()) {
                if (e.getValue() == null) {
                    // Kubernetes refuses a null in a map of strings; render would print it.
                    throw new InvalidSpecException(field + ".nodeSelector[" + InvalidSpecException.shown(e.getKey())
                            + "] has no value (null)");
                }
                checkKey(field + ".nodeSelector", e.getKey());
                checkValue(field + ".nodeSelector[" + InvalidSpecException.shown(e.getKey()) + "]", e.getValue());
            }
        }
        if (placement.getTolerations() != null) {
            for (int i = 0; i < placement.getTolerations().size(); i++) {
                Toleration t = placement.getTolerations().get(i);
                if (t == null) {
                    throw new InvalidSpecException(field + ".tolerations[" + i + "] is empty (null)");
                }
                if (t.getKey() != null && !t.getKey().isEmpty()) {
                    checkKey(field + ".tolerations[" + i + "].key", t.getKey());
                }
                checkValue(field + ".tolerations[" + i + "].value", t.getValue());
            }
        }
    }

    static void checkResources(String field, ResourceRequirements resources) {
        if (resources == null) {
            return;
        }
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        requests.forEach((name, q) -> checkQuantity(field + ".requests." + name, q));
        limits.forEach((name, q) -> checkQuantity(field + ".limits." + name, q));
        for (Map.Entry<String, Quantity> request : requests.entrySet()) {
            Quantity limit = limits.get(request.getKey());
            if (limit != null && amount(request.getValue()).compareTo(amount(limit)) > 0) {
                throw new InvalidSpecException(field + ".requests." + request.getKey() + " (" + request.getValue()
                        + ") must not exceed " + field + ".limits." + request.getKey() + " (" + limit + ")");
            }
        }
    }

    private static void checkKey(String field, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean ok = NAME.matcher(name).matches()
                && (prefix == null || prefix.length() <= 253 && PREFIX.matcher(prefix).matches());
        if (!ok) {
            throw new InvalidSpecException(field + ": '" + InvalidSpecException.shown(key) + "' is not a valid label key (an optional DNS subdomain"
                    + " prefix and '/', then at most 63 characters, alphanumeric at both ends, '-', '_' or '.' inside)");
        }
    }

    private static void checkValue(String field, String value) {
        if (value != null && !value.isEmpty() && !NAME.matcher(value).matches()) {
            throw new InvalidSpecException(field + ": '" + InvalidSpecException.shown(value) + "' is not a valid label value (at most 63"
                    + " characters, alphanumeric at both ends, '-', '_' or '.' inside)");
        }
    }

    private static void checkQuantity(String field, Quantity quantity) {
        String text = quantity == null ? "" : quantity.toString();
        if (!QUANTITY.matcher(text).matches()) {
            throw new InvalidSpecException(field + ": '" + InvalidSpecException.shown(text) + "' is not a quantity Kubernetes accepts"
                    + " (for example 100m, 0.5, 64Mi, 1G)");
        }
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }
}
