package dev.oam.ocm.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplyingMockServerTest {

  private static final String MANAGER = "applying-mock-test";
  private static final String NS = "test"; // the mock client's default namespace

  private ApplyingMockServer mock;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    mock = ApplyingMockServer.start();
    client = mock.client();
  }

  @AfterEach
  void stop() {
    mock.close();
  }

  @Test
  void applyCreatesThenMergesObjectsAndKeepsLabelsItDoesNotMention() {
    ConfigMap created = apply(configMap("settings", Map.of("a", "1")));
    assertEquals(Map.of("a", "1"), created.getData());
    assertNotNull(created.getMetadata().getUid());

    // Someone else (a plain, non-apply update) adds a label.
    client.configMaps().inNamespace(NS).withName("settings")
        .edit(cm -> new ConfigMapBuilder(cm).editMetadata().addToLabels("owner", "someone-else").endMetadata().build());

    ConfigMap updated = apply(configMap("settings", Map.of("b", "2")));

    // Real SSA would drop "a" (same manager, no longer applied); the mock tracks no ownership and keeps
    // every key an apply does not mention, which is what protects fields set by other managers.
    assertEquals(Map.of("a", "1", "b", "2"), updated.getData(), "objects are merged key by key");
    assertEquals(Map.of("app", "hub", "owner", "someone-else"), updated.getMetadata().getLabels());
    assertEquals(created.getMetadata().getUid(), updated.getMetadata().getUid());
    assertEquals(created.getMetadata().getCreationTimestamp(), updated.getMetadata().getCreationTimestamp());
    assertNotEquals(created.getMetadata().getResourceVersion(), updated.getMetadata().getResourceVersion());
    assertEquals(updated, client.configMaps().inNamespace(NS).withName("settings").get(), "response is what is stored");

    ConfigMap again = apply(configMap("settings", Map.of("b", "2")));
    assertEquals(updated.getMetadata().getResourceVersion(), again.getMetadata().getResourceVersion(),
        "an unchanged apply changes nothing");
  }

  @Test
  void applyRecordsTheFieldManagerOnceAndCreateRecordsNone() {
    apply(configMap("settings", Map.of("a", "1")));
    ConfigMap again = apply(configMap("settings", Map.of("b", "2")));
    ConfigMap created = client.configMaps().inNamespace(NS).resource(configMap("plain", Map.of("a", "1"))).create();

    assertEquals(List.of(MANAGER), again.getMetadata().getManagedFields().stream()
        .map(ManagedFieldsEntry::getManager).toList(), "expected one Apply entry for the field manager");
    assertTrue(created.getMetadata().getManagedFields() == null || created.getMetadata().getManagedFields().isEmpty(),
        "expected a plain create to name no field manager in this mock");
  }

  @Test
  void applyWorksForNamespacedAndClusterScopedObjects() {
    ConfigMap inOtherNamespace = client.resource(new ConfigMapBuilder(configMap("elsewhere", Map.of("k", "v")))
        .editMetadata().withNamespace("open-cluster-management").endMetadata().build())
        .fieldManager(MANAGER).forceConflicts().serverSideApply();
    assertEquals("open-cluster-management", inOtherNamespace.getMetadata().getNamespace());
    assertNotNull(client.configMaps().inNamespace("open-cluster-management").withName("elsewhere").get());
    assertNull(client.configMaps().inNamespace(NS).withName("elsewhere").get());

    apply(clusterRole(rule("get", "configmaps")));
    ClusterRole updated = apply(clusterRole(rule("list", "secrets")));

    // A JSON merge patch in this mock would append to the rules array; apply must replace it.
    assertEquals(List.of(rule("list", "secrets")), updated.getRules());
    assertNull(updated.getMetadata().getNamespace());
    assertEquals(updated, client.rbac().clusterRoles().withName("hub-reader").get());
  }

  @Test
  void applyToStatusOfCustomResourceChangesOnlyStatus() {
    // Status-subresource semantics exist in the mock only once the CRD has been created in it.
    client.apiextensions().v1().customResourceDefinitions().resource(widgetCrd()).create();
    var widgets = client.genericKubernetesResources(WIDGETS).inNamespace(NS);

    GenericKubernetesResource created = client.resource(widget(Map.of("size", 1), Map.of("phase", "Ignored")))
        .fieldManager(MANAGER).forceConflicts().serverSideApply();
    assertNull(created.get("status"), "status in a main-resource apply is ignored");
    assertEquals(1L, created.getMetadata().getGeneration());

    // What JOSDK does for an SSA status patch: PATCH .../widgets/w/status with the whole object.
    GenericKubernetesResource withStatus = widgets.resource(widget(Map.of("size", 99), Map.of("phase", "Ready")))
        .subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(MANAGER).withForce(true).build());

    assertEquals("Ready", withStatus.get("status", "phase"));
    assertEquals(1, (Integer) withStatus.get("spec", "size"), "spec sent to /status is ignored");
    assertEquals(1L, withStatus.getMetadata().getGeneration());
    assertEquals(withStatus, widgets.withName("w").get());

    // A later main-resource apply without status keeps it.
    GenericKubernetesResource respecced = client.resource(widget(Map.of("size", 2), null))
        .fieldManager(MANAGER).forceConflicts().serverSideApply();
    assertEquals(2, (Integer) respecced.get("spec", "size"));
    assertEquals("Ready", respecced.get("status", "phase"));
    assertEquals(2L, respecced.getMetadata().getGeneration());
  }

  @Test
  void applyToStatusOfMissingObjectIsNotFound() {
    client.apiextensions().v1().customResourceDefinitions().resource(widgetCrd()).create();
    Resource<GenericKubernetesResource> missing = client.genericKubernetesResources(WIDGETS).inNamespace(NS)
        .resource(widget(Map.of("size", 1), Map.of("phase", "Ready")));
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> missing.subresource("status").patch(new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(MANAGER).withForce(true).build()));
    assertEquals(404, e.getCode());
  }

  @Test
  void watchSeesAppliedObjectsAddedThenModified() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch ignored = client.configMaps().inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        events.add(action + " " + cm.getData());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      apply(configMap("watched", Map.of("v", "1")));
      assertEquals("ADDED {v=1}", events.poll(5, TimeUnit.SECONDS));

      apply(configMap("watched", Map.of("v", "2")));
      apply(configMap("watched", Map.of("v", "2"))); // no-op: must not produce an event
      apply(configMap("watched", Map.of("v", "3")));
      assertEquals("MODIFIED {v=2}", events.poll(5, TimeUnit.SECONDS));
      assertEquals("MODIFIED {v=3}", events.poll(5, TimeUnit.SECONDS));
      assertNull(events.poll(200, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void writeCounterCountsWritesNotReads() {
    apply(configMap("counted", Map.of("a", "1")));
    mock.resetCounts();

    client.configMaps().inNamespace(NS).withName("counted").get();
    client.configMaps().inNamespace(NS).list();
    client.getKubernetesVersion(); // answered by the mock's built-in /version expectation
    assertEquals(0, mock.writes());
    assertEquals(3, mock.dispatcher().count(HttpMethod.GET));

    apply(configMap("counted", Map.of("a", "1"))); // a no-op apply is still a request sent
    apply(configMap("counted", Map.of("a", "2")));
    client.configMaps().inNamespace(NS).withName("counted").delete();

    assertEquals(3, mock.writes(), () -> String.valueOf(mock.dispatcher().writeLog()));
    assertEquals(2, mock.dispatcher().count(HttpMethod.PATCH));
    assertEquals(1, mock.dispatcher().count(HttpMethod.DELETE));
    assertTrue(mock.dispatcher().writeLog().get(0)
        .startsWith("PATCH /api/v1/namespaces/test/configmaps/counted?fieldManager=" + MANAGER));
  }

  @Test
  void aDryRunApplyAnswersWhatItWouldStoreAndStoresNothing() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch ignored = client.rbac().clusterRoles().watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ClusterRole role) {
        events.add(action + " " + role.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      ClusterRole wouldCreate = dryRunApply(clusterRole(rule("get", "configmaps")));
      assertEquals(List.of(rule("get", "configmaps")), wouldCreate.getRules());
      assertNull(client.rbac().clusterRoles().withName("hub-reader").get(), "a dry-run must not create");

      ClusterRole stored = apply(clusterRole(rule("get", "configmaps")));
      assertEquals("ADDED hub-reader", events.poll(5, TimeUnit.SECONDS));
      ClusterRole wouldUpdate = dryRunApply(clusterRole(rule("list", "secrets")));
      assertEquals(List.of(rule("list", "secrets")), wouldUpdate.getRules());
      assertEquals(stored, client.rbac().clusterRoles().withName("hub-reader").get(), "a dry-run must not update");
      assertNull(events.poll(300, TimeUnit.MILLISECONDS), "a dry-run must not reach watchers");
    }
  }

  @Test
  void aDryRunCreateInAMissingNamespaceIsNotFoundAsOnARealServer() {
    ConfigMap inMissing = new ConfigMapBuilder(configMap("early", Map.of("k", "v")))
        .editMetadata().withNamespace("not-yet").endMetadata().build();
    KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> dryRunApply(inMissing));
    assertEquals(404, e.getCode());
    assertTrue(e.getStatus().getMessage().contains("namespaces \"not-yet\" not found"), e.getStatus().getMessage());

    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("not-yet").endMetadata().build())
        .create();
    assertEquals(Map.of("k", "v"), dryRunApply(inMissing).getData());
    assertNull(client.configMaps().inNamespace("not-yet").withName("early").get());
  }

  @Test
  void aDryRunOtherThanApplyIsRefusedRatherThanPerformed() {
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> client.resource(configMap("created", Map.of("a", "1"))).dryRun().create());
    assertEquals(400, e.getCode());
    assertNull(client.configMaps().inNamespace(NS).withName("created").get());
  }

  @Test
  void applyAcceptsYamlBodies() throws Exception {
    // fabric8 sends JSON; kubectl and others send YAML, which is what the media type says.
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  key: \"%s\"\n";
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest.Builder patch = HttpRequest.newBuilder(
            URI.create(mock.server().url("/api/v1/namespaces/test/configmaps/from-yaml?fieldManager=kubectl")))
        .header("Content-Type", "application/apply-patch+yaml");

    HttpResponse<String> created = http.send(
        patch.method("PATCH", HttpRequest.BodyPublishers.ofString(String.format(yaml, "one"))).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> updated = http.send(
        patch.method("PATCH", HttpRequest.BodyPublishers.ofString(String.format(yaml, "two"))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(201, created.statusCode(), created.body());
    assertEquals(200, updated.statusCode(), updated.body());
    assertEquals(Map.of("key", "two"), client.configMaps().inNamespace(NS).withName("from-yaml").get().getData());
  }

  // --- fixtures -------------------------------------------------------------------------------------------------

  private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup("example.dev").withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true)
      .build();

  private <T extends HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  private <T extends HasMetadata> T dryRunApply(T object) {
    return client.resource(object).dryRun().fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "hub")
        .endMetadata().withData(data).build();
  }

  private static ClusterRole clusterRole(PolicyRule rule) {
    return new ClusterRoleBuilder().withNewMetadata().withName("hub-reader").endMetadata().withRules(rule).build();
  }

  private static PolicyRule rule(String verb, String resource) {
    return new PolicyRuleBuilder().withApiGroups("").withResources(resource).withVerbs(verb).build();
  }

  private static GenericKubernetesResource widget(Map<String, Object> spec, Map<String, Object> status) {
    GenericKubernetesResourceBuilder builder = new GenericKubernetesResourceBuilder()
        .withApiVersion("example.dev/v1").withKind("Widget")
        .withNewMetadata().withName("w").withNamespace(NS).endMetadata()
        .addToAdditionalProperties("spec", spec);
    if (status != null) {
      builder.addToAdditionalProperties("status", status);
    }
    return builder.build();
  }

  private static CustomResourceDefinition widgetCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.example.dev").endMetadata()
        .withNewSpec().withGroup("example.dev").withScope("Namespaced")
        .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .endVersion()
        .endSpec().build();
  }
}
