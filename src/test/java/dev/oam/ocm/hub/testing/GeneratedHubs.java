package dev.oam.ocm.hub.testing;

import dev.oam.ocm.hub.bundle.ClusterManagerCrd;
import dev.oam.ocm.hub.bundle.ReleaseCatalog;
import io.fabric8.kubernetes.client.utils.Serialization;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Generated VelaOcmHub objects, valid and invalid, as the YAML trees a user writes: a valid hub, then none or one
 * mutation (an unknown or garbled version, an unpinned image, a registry that is no registry, duplicated and empty
 * gates, replicas out of range, 1 MiB of annotations, an unknown field, a wrong type, Unicode, huge strings, a
 * label key Kubernetes refuses, a quantity that is none, requests above limits). Each case says what render must
 * do with it, so one generator serves the render property tests and the real API server.
 */
public final class GeneratedHubs {
    /** What render promises for a case. */
    public enum RenderOutcome {
        /** Prints the bundle. */
        RENDERS,
        /** Refuses, naming {@link Case#field()}. */
        REFUSED,
        /** Outside render's promises (only the API server's schema refuses it): either, but never a crash. */
        EITHER
    }

    /**
     * One generated hub.
     *
     * @param description the mutation, for a failing test's message
     * @param hub         the whole VelaOcmHub as a YAML tree
     * @param field       the spec field a refusal must name (null for a valid hub)
     * @param render      what render must do with it
     */
    public record Case(String description, Map<String, Object> hub, String field, RenderOutcome render) {
        /** The hub as JSON, which is YAML too: a YAML emitter may write a block scalar its own parser refuses. */
        public String document() {
            return Serialization.asJson(hub);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> spec() {
            return (Map<String, Object>) hub.get("spec");
        }

        @Override
        public String toString() {
            String text = document();
            return description + (text.length() > 2000 ? " (" + text.length() + " characters of YAML)" : ":\n" + text);
        }
    }

    /** An existing kubernetes.io/dockerconfigjson Secret a case may name in spec.imagePullSecret. */
    public static final String PULL_SECRET = "registry-credentials";
    /** Feature gates OCM knows (a gate OCM does not know is OCM's concern, not ours). */
    private static final List<String> GATES = List.of("DefaultClusterSet", "ManagedClusterAutoApproval",
            "ManifestWorkReplicaSet", "NilExecutorValidating", "AddonManagement", "ClusterProfile");
    private static final List<String> IMAGES = List.of("registrationOperator", "registration", "work", "placement",
            "addOnManager");

    private final List<String> versions;
    private final boolean versionRequired;
    private final int maxReplicas;

    private GeneratedHubs(List<String> versions, boolean versionRequired, int maxReplicas) {
        this.versions = versions;
        this.versionRequired = versionRequired;
        this.maxReplicas = maxReplicas;
    }

    /** Every release of the catalog, the version sometimes left to its default. */
    public static GeneratedHubs anyRelease() {
        return new GeneratedHubs(ReleaseCatalog.versions(), false, 5);
    }

    /**
     * Only the given releases, always named, and valid hubs with at most {@code maxReplicas} replicas of a
     * component: a test machine that runs every hub pod as a process can afford only a few.
     */
    public static GeneratedHubs releases(int maxReplicas, String... versions) {
        return new GeneratedHubs(List.of(versions), true, maxReplicas);
    }

    /** Cases, about {@code validShare} of them without a mutation. */
    public Arbitrary<Case> cases(int validPercent) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(validPercent, validHub().map(h -> new Case("a valid hub", h, null, RenderOutcome.RENDERS))),
                net.jqwik.api.Tuple.of(100 - validPercent, Combinators.combine(validHub(), mutations())
                        .as((hub, mutation) -> mutation.apply(hub))));
    }

    /** {@code count} cases from a seed, for a run that must replay (the API server IT prints its seed). */
    public List<Case> sample(int validPercent, long seed, int count) {
        Random random = new Random(seed);
        List<Case> result = new ArrayList<>();
        // Outside a property jqwik needs a session of its own; the Random passed in decides every value.
        JqwikSession.start();
        try {
            var generator = cases(validPercent).generator(100);
            for (int i = 0; i < count; i++) {
                result.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        return result;
    }

    // ---- valid hubs

    private Arbitrary<Map<String, Object>> validHub() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20)
                .filter(n -> Character.isLetter(n.charAt(0))).map(n -> "fuzz-" + n);
        return Combinators.combine(name, version(), registry(), imageOverrides(), clusterManager(), operator(),
                        joinAccess(), deletion())
                .as((n, version, registry, images, cm, op, join, deletion) -> {
                    Map<String, Object> spec = new LinkedHashMap<>();
                    version.ifPresent(v -> spec.put("version", v));
                    registry.ifPresent(r -> spec.put("imageRegistry", r));
                    images.ifPresent(i -> spec.put("images", i));
                    cm.ifPresent(c -> spec.put("clusterManager", c));
                    cm.ifPresent(c -> version.filter(v -> !ClusterManagerCrd.declaresSpecField(ReleaseCatalog.resolve(v),
                            "placementConfiguration")).ifPresent(v -> c.remove("placement")));
                    op.ifPresent(o -> spec.put("operator", o));
                    join.ifPresent(j -> spec.put("joinAccess", j));
                    spec.putAll(deletion);
                    Map<String, Object> hub = new LinkedHashMap<>();
                    hub.put("apiVersion", "ocm.oam.dev/v1alpha1");
                    hub.put("kind", "VelaOcmHub");
                    hub.put("metadata", new LinkedHashMap<>(Map.of("name", n)));
                    hub.put("spec", spec);
                    return hub;
                });
    }

    private Arbitrary<java.util.Optional<String>> version() {
        Arbitrary<String> named = Arbitraries.of(versions).flatMap(v -> Arbitraries.of(v, "v" + v));
        return versionRequired ? named.map(java.util.Optional::of) : named.optional(0.8);
    }

    private static Arbitrary<java.util.Optional<String>> registry() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> host = Combinators.combine(segment, Arbitraries.of("", ":5000", ":443"))
                .as((s, port) -> s + ".example.com" + port);
        return Combinators.combine(host, segment.list().ofMaxSize(2), Arbitraries.of("", "/"))
                .as((h, path, slash) -> h + (path.isEmpty() ? "" : "/" + String.join("/", path)) + slash).optional(0.3);
    }

    private java.util.Optional<Map<String, Object>> none() {
        return java.util.Optional.empty();
    }

    private Arbitrary<java.util.Optional<Map<String, Object>>> imageOverrides() {
        Arbitrary<String> pinned = Combinators.combine(Arbitraries.of(IMAGES), Arbitraries.of(versions),
                        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64), Arbitraries.integers().between(0, 1))
                .as((image, v, digest, byDigest) -> "mirror.example.com/ocm/" + imageName(image)
                        + (byDigest == 1 ? "@sha256:" + digest : ":v" + v));
        return Arbitraries.subsetOf(IMAGES).flatMap(chosen -> {
            if (chosen.isEmpty()) {
                return Arbitraries.just(none());
            }
            return pinned.list().ofSize(chosen.size()).map(refs -> {
                Map<String, Object> images = new LinkedHashMap<>();
                int i = 0;
                for (String image : chosen) {
                    // The reference names the image it overrides, so a stand-in kubelet can still run it.
                    String ref = refs.get(i++);
                    images.put(image, ref.replaceFirst("/ocm/[^:@]+", "/ocm/" + imageName(image)));
                }
                return java.util.Optional.of(images);
            });
        }).optional(0.15).map(o -> o.flatMap(x -> x));
    }

    static String imageName(String field) {
        return switch (field) {
            case "registrationOperator" -> "registration-operator";
            case "addOnManager" -> "addon-manager";
            default -> field;
        };
    }

    private static Arbitrary<List<Map<String, Object>>> gates() {
        return Arbitraries.subsetOf(GATES).flatMap(names -> Arbitraries.of("Enable", "Disable", "").list()
                .ofSize(names.size()).map(modes -> {
                    List<Map<String, Object>> gates = new ArrayList<>();
                    int i = 0;
                    for (String n : names) {
                        Map<String, Object> gate = new LinkedHashMap<>();
                        gate.put("feature", n);
                        String mode = modes.get(i++);
                        if (!mode.isEmpty()) {
                            gate.put("mode", mode);
                        }
                        gates.add(gate);
                    }
                    return gates;
                }));
    }

    private static Arbitrary<Map<String, Object>> component() {
        return gates().map(g -> new LinkedHashMap<>(Map.of("featureGates", g)));
    }

    private static Arbitrary<Map<String, Object>> nodePlacement() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        Arbitrary<Map<String, String>> selector = Arbitraries.maps(word.map(w -> "example.com/" + w), word).ofMaxSize(3);
        Arbitrary<Map<String, Object>> toleration = Combinators.combine(word, word, Arbitraries.of("Equal", "Exists"),
                Arbitraries.of("NoSchedule", "PreferNoSchedule", "NoExecute")).as((k, v, op, effect) -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("key", "example.com/" + k);
                    t.put("operator", op);
                    if (op.equals("Equal")) {
                        t.put("value", v);
                    }
                    t.put("effect", effect);
                    if (effect.equals("NoExecute")) {
                        t.put("tolerationSeconds", 300);
                    }
                    return t;
                });
        return Combinators.combine(selector, toleration.list().ofMaxSize(2)).as((s, t) -> {
            Map<String, Object> placement = new LinkedHashMap<>();
            if (!s.isEmpty()) {
                placement.put("nodeSelector", new LinkedHashMap<>(s));
            }
            if (!t.isEmpty()) {
                placement.put("tolerations", t);
            }
            return placement;
        });
    }

    private Arbitrary<java.util.Optional<Map<String, Object>>> clusterManager() {
        Arbitrary<java.util.Optional<List<String>>> users = Arbitraries.of(
                "system:serviceaccount:open-cluster-management:agent-registration-bootstrap", "alice", "bob@example.com")
                .list().uniqueElements().ofMinSize(1).ofMaxSize(2).optional(0.3);
        return Combinators.combine(gates().optional(0.5), users, component().optional(0.3), component().optional(0.3),
                component().optional(0.3), nodePlacement().optional(0.3), Arbitraries.of("Default", "BestEffort").optional(0.3),
                Arbitraries.integers().between(1, maxReplicas).optional(0.3)).as((regGates, u, work, placement, addon, np, rr, replicas) -> {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    Map<String, Object> registration = new LinkedHashMap<>();
                    regGates.ifPresent(g -> registration.put("featureGates", g));
                    u.ifPresent(list -> registration.put("autoApproveUsers", list));
                    if (!registration.isEmpty()) {
                        cm.put("registration", registration);
                    }
                    work.ifPresent(w -> cm.put("work", w));
                    placement.ifPresent(p -> cm.put("placement", p));
                    addon.ifPresent(a -> cm.put("addOnManager", a));
                    np.ifPresent(p -> cm.put("nodePlacement", p));
                    rr.ifPresent(r -> cm.put("resourceRequirement", r));
                    replicas.ifPresent(r -> cm.put("hubReplicas", r));
                    return cm;
                }).optional(0.6);
    }

    private Arbitrary<java.util.Optional<Map<String, Object>>> operator() {
        Arbitrary<Map<String, Object>> resources = Combinators.combine(Arbitraries.integers().between(1, 500),
                Arbitraries.integers().between(8, 256), Arbitraries.integers().between(0, 3)).as((cpu, mem, extra) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("requests", new LinkedHashMap<>(Map.of("cpu", cpu + "m", "memory", mem + "Mi")));
                    r.put("limits", new LinkedHashMap<>(Map.of("memory", (mem * (1 + extra)) + "Mi")));
                    return r;
                });
        return Combinators.combine(Arbitraries.integers().between(1, maxReplicas).optional(0.5), resources.optional(0.4),
                nodePlacement().optional(0.3)).as((replicas, r, np) -> {
                    Map<String, Object> op = new LinkedHashMap<>();
                    replicas.ifPresent(n -> op.put("replicas", n));
                    r.ifPresent(x -> op.put("resources", x));
                    np.ifPresent(p -> op.put("nodePlacement", p));
                    return op;
                }).optional(0.5);
    }

    private static Arbitrary<java.util.Optional<Map<String, Object>>> joinAccess() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of("https://hub.example.com:6443", "https://10.1.2.3"))
                .as((enabled, url) -> (Map<String, Object>) new LinkedHashMap<String, Object>(
                        Map.of("enabled", enabled, "hubApiServer", url))).optional(0.3);
    }

    private static Arbitrary<Map<String, Object>> deletion() {
        return Arbitraries.of("Delete", "KeepHubCRDs", "Orphan", "").flatMap(policy -> {
            Map<String, Object> d = new LinkedHashMap<>();
            if (policy.isEmpty()) {
                return Arbitraries.just(d);
            }
            d.put("deletionPolicy", policy);
            if (policy.equals("Delete")) {
                return Arbitraries.of(true, false).map(w -> {
                    Map<String, Object> withFlag = new LinkedHashMap<>(d);
                    withFlag.put("deleteWithJoinedClusters", w);
                    return withFlag;
                });
            }
            return Arbitraries.just(d);
        });
    }

    // ---- mutations: each takes a valid hub and breaks one thing

    private interface Mutation extends java.util.function.Function<Map<String, Object>, Case> {
    }

    private static Mutation mutation(String what, String field, RenderOutcome render, BiFunction<Map<String, Object>, Map<String, Object>, Object> change) {
        return hub -> {
            Map<String, Object> copy = deepCopy(hub);
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) copy.get("spec");
            Object detail = change.apply(copy, spec);
            return new Case(what + (detail == null ? "" : ": " + abbreviate(String.valueOf(detail))), copy, field, render);
        };
    }

    private Arbitrary<Mutation> mutations() {
        Arbitrary<String> anyText = Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u00e0', '\u02af').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withChars("üñ€漢字 \t\n/:@").ofMinLength(1).ofMaxLength(12),
                // Huge: cheap to make, longer than any limit of a message or the schema, and short of Jackson's
                // 50,000 characters for a mapping key (longer keys: refused by the JSON reader, readably).
                Arbitraries.integers().between(300, 40_000).map(n -> "huge" + "h".repeat(n)));
        Arbitrary<String> image = Arbitraries.of(IMAGES);
        Arbitrary<String> component = Arbitraries.of("registration", "work", "placement", "addOnManager");
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 99),
                                Arbitraries.integers().between(0, 99))
                        .as((a, b, c) -> a + "." + b + "." + c).filter(v -> !ReleaseCatalog.versions().contains(v))
                        .map(v -> mutation("a version the catalog does not hold", "version", RenderOutcome.REFUSED,
                                (hub, spec) -> spec.put("version", v))),
                anyText.filter(s -> !s.isBlank()).map(v -> mutation("a version that is no version", "version",
                        RenderOutcome.REFUSED, (hub, spec) -> spec.put("version", v))),
                Arbitraries.of("1.0.0", "1.1.0", "1.2.0", "1.2.1").map(v -> mutation(
                        "placement gates on a release whose ClusterManager has no placementConfiguration",
                        "clusterManager.placement.featureGates", RenderOutcome.REFUSED, (hub, spec) -> {
                            spec.put("version", v);
                            child(child(spec, "clusterManager"), "placement").put("featureGates",
                                    List.of(Map.of("feature", "ManifestWorkReplicaSet", "mode", "Enable")));
                            return v;
                        })),
                anyText.filter(s -> !s.isBlank() && !validRegistry(s)).map(r -> mutation("a registry that is no registry",
                        "imageRegistry", RenderOutcome.REFUSED, (hub, spec) -> spec.put("imageRegistry", r))),
                image.map(i -> mutation("an image without a tag", "images." + i, RenderOutcome.REFUSED,
                        (hub, spec) -> child(spec, "images").put(i, "mirror.example.com/ocm/" + imageName(i)))),
                image.map(i -> mutation("an image tagged latest", "images." + i, RenderOutcome.REFUSED,
                        (hub, spec) -> child(spec, "images").put(i, "mirror.example.com/ocm/" + imageName(i) + ":latest"))),
                Combinators.combine(image, anyText).as((i, ref) -> mutation("an image reference of any text", "images." + i,
                        RenderOutcome.EITHER, (hub, spec) -> child(spec, "images").put(i, ref))),
                Combinators.combine(component, Arbitraries.of(GATES)).as((c, g) -> mutation("a feature gate named twice",
                        "clusterManager." + c + ".featureGates", RenderOutcome.REFUSED, (hub, spec) -> {
                            List<Object> gates = gateList(spec, c);
                            gates.add(new LinkedHashMap<>(Map.of("feature", g, "mode", "Enable")));
                            gates.add(new LinkedHashMap<>(Map.of("feature", g, "mode", "Disable")));
                            return g;
                        })),
                Combinators.combine(component, Arbitraries.of("", " ", "\t")).as((c, blank) -> mutation(
                        "a feature gate without a name", "clusterManager." + c + ".featureGates", RenderOutcome.REFUSED,
                        (hub, spec) -> gateList(spec, c).add(new LinkedHashMap<>(Map.of("feature", blank))))),
                Combinators.combine(Arbitraries.of("operator.replicas", "clusterManager.hubReplicas"),
                        Arbitraries.of(0, -1, 6, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE)).as((path, n) -> mutation(
                        "replicas out of range", path, RenderOutcome.EITHER, (hub, spec) -> {
                            String[] parts = path.split("\\.");
                            child(spec, parts[0]).put(parts[1], n);
                            return n;
                        })),
                Arbitraries.integers().between(1, 4).map(parts -> mutation("1 MiB of annotations", "metadata.annotations",
                        RenderOutcome.RENDERS, (hub, spec) -> {
                            Map<String, Object> annotations = child(hub.get("metadata"), "annotations");
                            for (int i = 0; i < parts; i++) {
                                annotations.put("example.com/filler-" + i, "x".repeat((1 << 20) / parts));
                            }
                            return parts + " annotations";
                        })),
                Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), anyText).as((f, v) ->
                        mutation("an unknown field", "spec." + f, RenderOutcome.EITHER, (hub, spec) -> {
                            spec.put("x" + f, v);
                            return "x" + f;
                        })),
                Arbitraries.of("version", "imageRegistry", "operator", "clusterManager", "joinAccess", "deletionPolicy",
                        "images", "deleteWithJoinedClusters", "addons").flatMap(f -> Arbitraries.of(List.of(1, 2), 3.5, true,
                        "text", Map.of("nested", "object")).map(v -> mutation("a wrong type", f, RenderOutcome.EITHER,
                        (hub, spec) -> {
                            spec.put(f, v);
                            return f + "=" + v;
                        }))),
                Combinators.combine(Arbitraries.of("operator", "clusterManager"), anyText.filter(s -> !validLabelKey(s)))
                        .as((owner, key) -> mutation("a node selector key Kubernetes refuses", owner + ".nodePlacement.nodeSelector",
                                RenderOutcome.REFUSED, (hub, spec) -> child(child(child(spec, owner), "nodePlacement"),
                                        "nodeSelector").put(key, "value"))),
                Combinators.combine(Arbitraries.of("operator", "clusterManager"), anyText.filter(s -> !validLabelValue(s)))
                        .as((owner, value) -> mutation("a node selector value Kubernetes refuses",
                                owner + ".nodePlacement.nodeSelector", RenderOutcome.REFUSED,
                                (hub, spec) -> child(child(child(spec, owner), "nodePlacement"), "nodeSelector")
                                        .put("example.com/zone", value))),
                Combinators.combine(Arbitraries.of("operator", "clusterManager"), Arbitraries.integers().between(50_001, 60_000))
                        .as((owner, n) -> mutation("a node selector key longer than a JSON reader takes",
                                owner + ".nodePlacement.nodeSelector", RenderOutcome.EITHER, (hub, spec) -> {
                                    child(child(child(spec, owner), "nodePlacement"), "nodeSelector").put("k".repeat(n), "v");
                                    return n + " characters";
                                })),
                Combinators.combine(Arbitraries.of("cpu", "memory"), Arbitraries.of("abc", "1.2.3", "-", "1Kb", "0x10",
                        "1e", "12 Mi", "∞")).as((r, q) -> mutation("a quantity that is none", "operator.resources",
                        RenderOutcome.REFUSED, (hub, spec) -> child(child(child(spec, "operator"), "resources"), "requests")
                                .put(r, q))),
                Arbitraries.of("1e999999999", "9223372036854775807Ei", "0.0000000000000000000001").map(q -> mutation(
                        "an extreme quantity", "operator.resources", RenderOutcome.EITHER, (hub, spec) -> {
                            Map<String, Object> resources = child(child(spec, "operator"), "resources");
                            child(resources, "requests").put("cpu", q);
                            child(resources, "limits").put("cpu", "1");
                            return q;
                        })),
                Arbitraries.integers().between(2, 64).map(factor -> mutation("requests above limits",
                        "operator.resources", RenderOutcome.REFUSED, (hub, spec) -> {
                            Map<String, Object> resources = child(child(spec, "operator"), "resources");
                            child(resources, "limits").put("memory", "64Mi");
                            child(resources, "requests").put("memory", (64 * factor) + "Mi");
                            return factor;
                        })),
                Arbitraries.of("Maybe", "", "exists").map(op -> mutation("a toleration operator Kubernetes does not know",
                        "clusterManager.nodePlacement.tolerations", RenderOutcome.EITHER, (hub, spec) ->
                                listChild(child(child(spec, "clusterManager"), "nodePlacement"), "tolerations")
                                        .add(new LinkedHashMap<>(Map.of("key", "example.com/k", "operator", op))))),
                anyText.list().ofMinSize(1).ofMaxSize(3).map(users -> mutation("auto-approve users of any text",
                        "clusterManager.registration.autoApproveUsers", RenderOutcome.EITHER, (hub, spec) ->
                                child(child(spec, "clusterManager"), "registration").put("autoApproveUsers", users))),
                component.map(c -> mutation("a null feature gate", "clusterManager." + c + ".featureGates",
                        RenderOutcome.REFUSED, (hub, spec) -> gateList(spec, c).add(null))),
                Arbitraries.of("nodeSelector", "tolerations").map(f -> mutation("a null in node placement",
                        "operator.nodePlacement." + f, RenderOutcome.REFUSED, (hub, spec) -> {
                            Map<String, Object> placement = child(child(spec, "operator"), "nodePlacement");
                            if (f.equals("nodeSelector")) {
                                child(placement, f).put("example.com/zone", null);
                            } else {
                                listChild(placement, f).add(null);
                            }
                            return f;
                        })),
                Arbitraries.of("Delete", "KeepHubCRDs", "Orphan", "delete", "Remove").map(policy -> mutation(
                        "deleteWithJoinedClusters with a policy", "deleteWithJoinedClusters", RenderOutcome.EITHER,
                        (hub, spec) -> {
                            spec.put("deletionPolicy", policy);
                            spec.put("deleteWithJoinedClusters", true);
                            return policy;
                        })),
                Arbitraries.of(PULL_SECRET, "no-such-secret", "Not_A_Name").map(secret -> mutation("a pull secret",
                        "imagePullSecret", RenderOutcome.EITHER, (hub, spec) -> spec.put("imagePullSecret", secret))),
                Combinators.combine(Arbitraries.of("managedServiceAccount", "clusterProxy", "clusterGateway"),
                                Arbitraries.of(true, false), Arbitraries.of("0.9.0", "v1.8.0", "9.9.9", "0.10.1"))
                        .as((addon, enabled, v) -> mutation("an addon release the catalog does not hold",
                                "addons." + addon + ".version", RenderOutcome.REFUSED, (hub, spec) -> {
                                    child(child(spec, "addons"), addon).putAll(Map.of("enabled", enabled, "version", v));
                                    return addon + " " + v;
                                })),
                Arbitraries.of("managedServiceAccount", "clusterProxy").map(missing -> mutation(
                        "cluster-gateway without an addon it needs", "addons.clusterGateway", RenderOutcome.REFUSED,
                        (hub, spec) -> {
                            Map<String, Object> addons = child(spec, "addons");
                            child(addons, "clusterGateway").put("enabled", true);
                            child(addons, missing.equals("clusterProxy") ? "managedServiceAccount" : "clusterProxy")
                                    .put("enabled", true);
                            return missing + " off";
                        })));
    }

    // ---- the rules the generator needs to know which text is bad (kept apart from the code under test)

    /** The CRD's pattern for spec.imageRegistry, with its 255-character limit. */
    public static boolean validRegistry(String s) {
        return s.length() <= 255 && s.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*");
    }

    private static boolean validLabelValue(String s) {
        return s.isEmpty() || s.length() <= 63 && s.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    }

    private static boolean validLabelKey(String s) {
        int slash = s.indexOf('/');
        String name = slash < 0 ? s : s.substring(slash + 1);
        String prefix = slash < 0 ? null : s.substring(0, slash);
        return !name.isEmpty() && validLabelValue(name) && (prefix == null || prefix.length() <= 253
                && prefix.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"));
    }

    // ---- tree helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Object parent, String key) {
        Map<String, Object> map = (Map<String, Object>) parent;
        Object existing = map.get(key);
        if (existing instanceof Map<?, ?>) {
            return (Map<String, Object>) existing;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        map.put(key, created);
        return created;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listChild(Map<String, Object> parent, String key) {
        Object existing = parent.get(key);
        if (existing instanceof List<?>) {
            return (List<Object>) existing;
        }
        List<Object> created = new ArrayList<>();
        parent.put(key, created);
        return created;
    }

    private static List<Object> gateList(Map<String, Object> spec, String component) {
        Map<String, Object> cm = child(spec, "clusterManager");
        return listChild(child(cm, component), "featureGates");
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "... (" + s.length() + " characters)" : s;
    }
}
