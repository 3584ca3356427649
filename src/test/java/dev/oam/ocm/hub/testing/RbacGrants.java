package dev.oam.ocm.hub.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a ServiceAccount may do, as a set of single permissions (where, resource, name, verb), read from three
 * sources that must agree: the RBAC objects of deploy/base, the answer of {@code kubectl auth can-i --list} as the
 * ServiceAccount, and README's table "What the operator can do in your cluster", which {@link #table} writes.
 */
public final class RbacGrants {
    /** Where a permission holds: cluster-wide (every namespace and cluster-scoped objects) or one namespace. */
    public static final String CLUSTER = "cluster-wide";
    /** Any name: the rule lists none. */
    public static final String ANY = "*";
    private static final List<String> VERB_ORDER = List.of("get", "list", "watch", "create", "update", "patch",
            "delete", "escalate", "bind");
    /** One line of kubectl auth can-i --list: resources, non-resource URLs, resource names, verbs. */
    private static final Pattern CAN_I_ROW = Pattern.compile("^(\\S*)\\s+\\[(.*?)]\\s+\\[(.*?)]\\s+\\[(.*?)]\\s*$");
    private static final String README_HEADER = "| where | resource | names | verbs |";

    /**
     * @param where    {@link #CLUSTER} or a namespace
     * @param resource {@code plural}, then {@code .group} unless core, then {@code /subresource}, as kubectl prints it
     */
    public record Grant(String where, String resource, String name, String verb) {
    }

    private RbacGrants() {
    }

    /** What the roles bound to the ServiceAccount {@code namespace/name} among these objects allow. */
    public static Set<Grant> fromRoles(List<? extends HasMetadata> objects, String namespace, String name) {
        Set<Grant> grants = new TreeSet<>(ORDER);
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRoleBinding b && boundTo(b.getSubjects(), namespace, name)) {
                objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                        .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName()))
                        .forEach(r -> add(grants, CLUSTER, r.getRules()));
            }
            if (o instanceof RoleBinding b && boundTo(b.getSubjects(), namespace, name)) {
                String where = b.getMetadata().getNamespace();
                objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
                        .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName())
                                && where.equals(r.getMetadata().getNamespace()))
                        .forEach(r -> add(grants, where, r.getRules()));
            }
        }
        return grants;
    }

    private static boolean boundTo(List<Subject> subjects, String namespace, String name) {
        return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind()) && name.equals(s.getName())
                && namespace.equals(s.getNamespace()));
    }

    private static void add(Set<Grant> grants, String where, List<PolicyRule> rules) {
        for (PolicyRule rule : rules) {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? List.of(ANY) : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String n : names) {
                        for (String verb : rule.getVerbs()) {
                            grants.add(new Grant(where, qualified(resource, group), n, verb));
                        }
                    }
                }
            }
        }
    }

    /** As kubectl prints it: {@code plural.group/subresource}, the group left out for the core API. */
    public static String qualified(String resource, String group) {
        if (group.isEmpty()) {
            return resource;
        }
        int slash = resource.indexOf('/');
        return slash < 0 ? resource + "." + group
                : resource.substring(0, slash) + "." + group + resource.substring(slash);
    }

    /**
     * The resource rules of {@code kubectl auth can-i --list} output, all placed at {@code where}. Non-resource
     * URLs are left out (every authenticated user may read /api and /healthz).
     */
    public static Set<Grant> fromCanIList(String output, String where) {
        Set<Grant> grants = new TreeSet<>(ORDER);
        for (String line : output.lines().skip(1).toList()) {
            Matcher m = CAN_I_ROW.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a row of kubectl auth can-i --list: " + line);
            }
            if (m.group(1).isEmpty()) {
                continue; // a non-resource URL
            }
            List<String> names = words(m.group(3));
            for (String n : names.isEmpty() ? List.of(ANY) : names) {
                for (String verb : words(m.group(4))) {
                    grants.add(new Grant(where, m.group(1), n, verb));
                }
            }
        }
        return grants;
    }

    private static List<String> words(String list) {
        return list.isBlank() ? List.of() : List.of(list.trim().split("\\s+"));
    }

    /** The grants of README's table (the rows under {@link #README_HEADER}). */
    public static Set<Grant> fromReadme(String readme) {
        List<String> lines = readme.lines().toList();
        int header = lines.indexOf(README_HEADER);
        if (header < 0) {
            throw new IllegalArgumentException("README has no table headed " + README_HEADER);
        }
        Set<Grant> grants = new TreeSet<>(ORDER);
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            String where = unquote(cells[0]);
            String resource = unquote(cells[1]);
            for (String n : unquote(cells[2]).split(", ")) {
                for (String verb : unquote(cells[3]).split(", ")) {
                    grants.add(new Grant(where.equals(CLUSTER) ? CLUSTER : where.replaceFirst("^namespace ", ""),
                            resource, n.equals("any") ? ANY : n, verb));
                }
            }
        }
        return grants;
    }

    private static String unquote(String cell) {
        return cell.trim().replace("`", "");
    }

    /** README's table: one row per place, resource and set of names, the verbs in a fixed order. */
    public static String table(Set<Grant> grants) {
        Map<List<String>, Set<String>> namesByVerbs = new LinkedHashMap<>();
        Map<List<String>, Set<String>> verbsByName = new TreeMap<>(Comparator.comparing((List<String> k) -> whereOrder(k.get(0)))
                .thenComparing(k -> k.get(0)).thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        for (Grant g : grants) {
            verbsByName.computeIfAbsent(List.of(g.where(), g.resource(), g.name()), k -> new TreeSet<>(
                    Comparator.comparing(VERB_ORDER::indexOf))).add(g.verb());
        }
        // Names with the same verbs on the same resource share a row.
        for (Map.Entry<List<String>, Set<String>> e : verbsByName.entrySet()) {
            List<String> key = List.of(e.getKey().get(0), e.getKey().get(1), String.join(", ", e.getValue()));
            namesByVerbs.computeIfAbsent(key, k -> new TreeSet<>()).add(e.getKey().get(2));
        }
        List<String> rows = new ArrayList<>(List.of(README_HEADER, "| --- | --- | --- | --- |"));
        namesByVerbs.forEach((key, names) -> rows.add("| " + (key.get(0).equals(CLUSTER) ? CLUSTER : "namespace `" + key.get(0) + "`")
                + " | `" + key.get(1) + "` | " + names.stream().map(n -> n.equals(ANY) ? "any" : "`" + n + "`")
                .collect(Collectors.joining(", ")) + " | " + key.get(2) + " |"));
        return String.join("\n", rows) + "\n";
    }

    private static int whereOrder(String where) {
        return where.equals(CLUSTER) ? 0 : 1;
    }

    private static final Comparator<Grant> ORDER = Comparator.comparing((Grant g) -> whereOrder(g.where()))
            .thenComparing(Grant::where).thenComparing(Grant::resource).thenComparing(Grant::name)
            .thenComparing(Grant::verb);

    /** The grants as lines, for a failing test's message. */
    public static String describe(Set<Grant> grants) {
        return grants.stream().map(g -> g.where() + " " + g.verb() + " " + g.resource() + " " + g.name())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    /** The grants in README's order. */
    public static Set<Grant> sorted(java.util.Collection<Grant> grants) {
        Set<Grant> result = new TreeSet<>(ORDER);
        result.addAll(grants);
        return result;
    }

    /** Grants of {@code a} not in {@code b}. */
    public static Set<Grant> minus(Set<Grant> a, Set<Grant> b) {
        Set<Grant> rest = new TreeSet<>(ORDER);
        rest.addAll(a);
        rest.removeAll(b);
        return rest;
    }
}
