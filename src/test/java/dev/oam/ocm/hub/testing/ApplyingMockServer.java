package dev.oam.ocm.hub.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fabric8 mock API server in CRUD mode that also understands server-side apply, so operator code can keep
 * using {@code serverSideApply()} (and JOSDK can keep patching status with SSA) in unit tests.
 *
 * <pre>
 *   try (ApplyingMockServer mock = ApplyingMockServer.start()) {
 *     KubernetesClient client = mock.client();
 *     ...
 *     mock.resetCounts();
 *     reconcileAgain();
 *     assertEquals(0, mock.writes());
 *   }
 * </pre>
 *
 * Apply is approximated as create-or-replace (see {@link ApplyingCrudDispatcher}); there is no field ownership.
 * An apply with {@code dryRun=All} is answered as the real API server answers it and stores nothing.
 */
public final class ApplyingMockServer implements AutoCloseable {

  private final ApplyingCrudDispatcher dispatcher;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private ApplyingMockServer() {
    // The same map backs server.expect() and the dispatcher, so recorded expectations (e.g. an injected 500)
    // take precedence over the CRUD store, as in the mock's own "mixed" mode.
    Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    dispatcher = new ApplyingCrudDispatcher(expectations);
    // Plain HTTP: nothing to gain from TLS here, and it keeps the JDK HTTP client out of certificate trouble.
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
        dispatcher, false);
    server.init(); // loopback, random free port
    client = server.createClient(); // default namespace "test"; the JDK HTTP client is the only one on the path
  }

  /** Starts a fresh, empty mock server. */
  public static ApplyingMockServer start() {
    return new ApplyingMockServer();
  }

  /** A client bound to this server (default namespace {@code test}); closed by {@link #close()}. */
  public KubernetesClient client() {
    return client;
  }

  /** The underlying mock server, e.g. for {@code server().expect()} or {@code server().url(path)}. */
  public KubernetesMockServer server() {
    return server;
  }

  public ApplyingCrudDispatcher dispatcher() {
    return dispatcher;
  }

  /** Requests sent with POST, PUT, PATCH or DELETE since start or the last {@link #resetCounts()}. */
  public long writes() {
    return dispatcher.writes();
  }

  public void resetCounts() {
    dispatcher.resetCounts();
  }

  /**
   * Watchers stop hearing about changes to objects of this resource (plural, e.g. {@code velaocmhubs}) until
   * {@link #releaseWatchEvents()}; reads and writes still see the store. This is a lagging watch: what a
   * client's informer cache looks like between its own write and the event of that write.
   */
  public void holdWatchEvents(String plural) {
    dispatcher.holdWatchEvents(plural);
  }

  /**
   * From now on a dry-run apply of the object at {@code path} (no query, e.g.
   * {@code /apis/apps/v1/namespaces/ns/deployments/d}) is answered with this Status, as the API server answers a
   * spec it finds invalid or a webhook that denies. Real applies of the object are not affected.
   */
  public void refuseDryRun(String path, int code, String reason, String message) {
    dispatcher.refuseDryRun(path, code, reason, message);
  }

  /** Delivers the held watch events in order and stops holding. */
  public void releaseWatchEvents() {
    dispatcher.releaseWatchEvents();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /**
   * {@link KubernetesCrudDispatcher} plus server-side apply (a PATCH with {@code application/apply-patch+yaml}),
   * plus request counting.
   * <p>
   * Apply is create-or-replace:
   * <ul>
   * <li>object missing: created from the body, exactly like a POST (201);</li>
   * <li>object present, main resource: replaced by the body, like a PUT (200), except that metadata the body does
   * not mention is kept (labels, annotations and finalizers are merged key by key, the body winning), and
   * {@code status} is kept unless the body sets it on a kind without a status subresource;</li>
   * <li>{@code /status}: only {@code status} is replaced (200); 404 if the object is missing;</li>
   * <li>nothing would change: 200 with the stored object, no new resourceVersion and no watch event.</li>
   * </ul>
   * Unlike real SSA, keys this manager applied earlier and now omits are not removed: managedFields only records
   * which managers applied an object, not which fields they own.
   * <p>
   * With {@code dryRun=All} an apply answers with what it would store and stores nothing (no new resourceVersion,
   * no watch event). Like the API server's NamespaceLifecycle admission, a dry-run that would create an object in a
   * namespace that does not exist is refused with 404; real writes keep the mock's leniency there, which existing
   * tests rely on. Other writes with {@code dryRun} are refused (400), so a test cannot mistake them for honoured.
   */
  public static class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final Set<HttpMethod> WRITES =
        EnumSet.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String METADATA = "metadata";
    private static final String STATUS = "status";
    private static final String MANAGED_FIELDS = "managedFields";
    private static final Pattern NAMESPACED = Pattern.compile("/namespaces/([^/]+)/");

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expectationDispatcher;
    private final Map<HttpMethod, Long> counts = new EnumMap<>(HttpMethod.class);
    private final List<String> writeLog = new ArrayList<>();
    private final List<String> requestLog = new ArrayList<>();
    /**
     * The parent's lock is private, and an apply is "read the stored object, then create or replace it":
     * serialising all writes here keeps that atomic. Reads and watches are not affected.
     */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** A response body can be read once, so each refusal is answered afresh. */
    private record Refusal(int code, String reason, String message) {
    }

    private final Map<String, Refusal> dryRunRefusals = new ConcurrentHashMap<>();
    /** Guarded by writeLock, like every store change. */
    private String heldPlural;
    private final List<Runnable> heldEvents = new ArrayList<>();

    public ApplyingCrudDispatcher() {
      this(Collections.emptyMap());
    }

    /** @param expectations requests found here are answered from it instead of from the CRUD store */
    public ApplyingCrudDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
      this.expectations = expectations;
      this.expectationDispatcher = new MockDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      HttpMethod method = request.method();
      boolean write = WRITES.contains(method);
      synchronized (counts) {
        counts.merge(method, 1L, Long::sum);
        if (write) {
          writeLog.add(method + " " + request.getPath());
        }
        requestLog.add(method + " " + request.getPath());
      }
      Queue<ServerResponse> expected = expectations.get(new SimpleRequest(method, request.getPath()));
      if (expected != null && !expected.isEmpty()) {
        return expectationDispatcher.dispatch(request);
      }
      if (!write) {
        return super.dispatch(request);
      }
      if (isDryRun(request.getPath()) && !isApply(request)) {
        return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
            "this mock honours dryRun only for server-side apply, not " + method);
      }
      writeLock.lock();
      try {
        return super.dispatch(request);
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      if (!isApply(request)) {
        return super.handlePatch(request); // JSON patch / merge patch: the mock's own handling
      }
      try {
        return apply(request);
      } catch (KubernetesCrudDispatcherException e) {
        return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
      }
    }

    private MockResponse apply(RecordedRequest request) throws KubernetesCrudDispatcherException {
      String path = request.getPath().split("\\?", 2)[0]; // drop ?fieldManager=...&force=true
      boolean statusPath = path.endsWith("/" + STATUS);
      AttributeSet key = getKey(path);
      if (!key.containsKey(KubernetesAttributesExtractor.NAME)) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_METHOD); // apply to a collection
      }
      ObjectNode applied = parse(request.getBody().readUtf8());
      String fieldManager = queryParameter(request.getPath(), "fieldManager");
      boolean dryRun = isDryRun(request.getPath());
      Refusal refusal = dryRun ? dryRunRefusals.get(path) : null;
      if (refusal != null) {
        return status(refusal.code(), refusal.reason(), refusal.message());
      }
      Map.Entry<AttributeSet, String> stored = findResource(key);

      if (stored == null) {
        if (statusPath) {
          return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        }
        if (dryRun) {
          String namespace = namespaceOf(path);
          if (namespace != null && findResource(getKey("/api/v1/namespaces/" + namespace)) == null) {
            return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound",
                "namespaces \"" + namespace + "\" not found");
          }
          recordManager((ObjectNode) applied.with(METADATA), fieldManager);
          return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED)
              .setBody(Serialization.asJson(applied));
        }
        // POST to the collection; the CRUD dispatcher assigns uid, creationTimestamp, resourceVersion, generation
        // and drops status if the kind has a status subresource.
        String collectionPath = path.substring(0, path.lastIndexOf('/'));
        recordManager((ObjectNode) applied.with(METADATA), fieldManager);
        return handleCreate(internalRequest(request, HttpMethod.POST, collectionPath, applied));
      }

      ObjectNode current = (ObjectNode) asNode(stored);
      final ObjectNode result;
      if (statusPath) {
        result = current.deepCopy();
        setOrRemove(result, STATUS, applied.get(STATUS));
      } else {
        // Fields the body leaves out stay, at any depth of nested objects: with real SSA they belong to whoever
        // set them. JOSDK adds its finalizer by applying metadata and an empty "spec: {}", which must not wipe
        // the spec. Lists and scalars the body sets replace what is there.
        result = current.deepCopy();
        applied.properties().forEach(field -> {
          if (!METADATA.equals(field.getKey())) {
            result.set(field.getKey(), mergeObjects(current.get(field.getKey()), field.getValue()));
          }
        });
        ObjectNode metadata = mergeMetadata(current.path(METADATA), applied.path(METADATA));
        metadata.set(MANAGED_FIELDS, current.path(METADATA).path(MANAGED_FIELDS).deepCopy());
        recordManager(metadata, fieldManager);
        result.set(METADATA, metadata);
        if (!applied.has(STATUS) || isStatusSubresourceEnabledForResource(path)) {
          setOrRemove(result, STATUS, current.get(STATUS));
        }
      }
      if (dryRun) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(Serialization.asJson(result));
      }
      if (result.equals(current)) {
        // A no-op apply: answer like the API server (200, stored object). Not delegated to PUT because the mock
        // decides "changed" by comparing JSON strings: a body with another key order (e.g. YAML written by hand)
        // would send watchers a MODIFIED event with an unchanged resourceVersion and retrigger reconciles.
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(stored.getValue());
      }
      // PUT keeps uid/creationTimestamp, bumps resourceVersion (and generation outside metadata/status), checks a
      // resourceVersion the body sets, and on a /status path takes only the status from the body.
      return handleUpdate(internalRequest(request, HttpMethod.PUT, path, result));
    }

    /**
     * Adds an Apply entry for the field manager to metadata.managedFields unless it has one, so code that asks
     * "did we apply this object?" can be tested. Which fields the entry owns is not tracked.
     */
    private static void recordManager(ObjectNode metadata, String fieldManager) {
      if (fieldManager == null) {
        return;
      }
      JsonNode existing = metadata.get(MANAGED_FIELDS);
      ArrayNode entries = existing instanceof ArrayNode array ? array : metadata.putArray(MANAGED_FIELDS);
      for (JsonNode entry : entries) {
        if (fieldManager.equals(entry.path("manager").asText())) {
          return;
        }
      }
      entries.addObject().put("manager", fieldManager).put("operation", "Apply");
    }

    private static boolean isApply(RecordedRequest request) {
      String contentType = request.getHeader("Content-Type");
      return request.method() == HttpMethod.PATCH && contentType != null
          && contentType.toLowerCase().startsWith("application/apply-patch");
    }

    private static boolean isDryRun(String path) {
      return "All".equals(queryParameter(path, "dryRun"));
    }

    /** The namespace segment of a namespaced object's path, or null for a cluster-scoped one. */
    private static String namespaceOf(String path) {
      Matcher m = NAMESPACED.matcher(path);
      return m.find() ? m.group(1) : null;
    }

    private static MockResponse status(int code, String reason, String message) {
      ObjectNode body = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
          .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
      return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(body));
    }

    private static String queryParameter(String path, String name) {
      String[] parts = path.split("\\?", 2);
      if (parts.length < 2) {
        return null;
      }
      for (String pair : parts[1].split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals(name) && kv.length == 2) {
          return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    /** Objects merge key by key; anything else in the applied body replaces the current value. */
    private static JsonNode mergeObjects(JsonNode current, JsonNode applied) {
      if (current == null || !current.isObject() || !applied.isObject()) {
        return applied.deepCopy();
      }
      ObjectNode merged = ((ObjectNode) current).deepCopy();
      applied.properties().forEach(field -> merged.set(field.getKey(), mergeObjects(merged.get(field.getKey()), field.getValue())));
      return merged;
    }

    /** Existing metadata, overlaid with the applied metadata; labels, annotations and finalizers are merged. */
    private static ObjectNode mergeMetadata(JsonNode current, JsonNode applied) {
      ObjectNode merged = current.isObject() ? ((ObjectNode) current).deepCopy() : JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> field : applied.properties()) {
        String name = field.getKey();
        JsonNode value = field.getValue();
        JsonNode existing = merged.get(name);
        if (("labels".equals(name) || "annotations".equals(name)) && value.isObject()
            && existing != null && existing.isObject()) {
          ((ObjectNode) existing).setAll((ObjectNode) value.deepCopy());
        } else if ("finalizers".equals(name) && value.isArray() && existing != null && existing.isArray()) {
          value.forEach(finalizer -> {
            if (!contains(existing, finalizer)) {
              ((ArrayNode) existing).add(finalizer);
            }
          });
        } else {
          merged.set(name, value.deepCopy());
        }
      }
      return merged;
    }

    private static boolean contains(JsonNode array, JsonNode element) {
      for (JsonNode item : array) {
        if (item.equals(element)) {
          return true;
        }
      }
      return false;
    }

    private static void setOrRemove(ObjectNode node, String field, JsonNode value) {
      if (value == null || value.isNull()) {
        node.remove(field);
      } else {
        node.set(field, value.deepCopy());
      }
    }

    /** Apply bodies are YAML by media type; fabric8 sends JSON, which is also YAML. Parse either. */
    private static ObjectNode parse(String body) throws KubernetesCrudDispatcherException {
      try {
        JsonNode node = (body.stripLeading().startsWith("{") ? JSON : YAML).readTree(body);
        if (node instanceof ObjectNode) {
          return (ObjectNode) node;
        }
      } catch (JsonProcessingException e) {
        throw new KubernetesCrudDispatcherException("invalid apply body: " + e.getOriginalMessage(),
            HttpURLConnection.HTTP_BAD_REQUEST);
      }
      throw new KubernetesCrudDispatcherException("apply body is not an object", HttpURLConnection.HTTP_BAD_REQUEST);
    }

    /** Re-dispatches an apply to the parent's own POST/PUT handling (which takes the parent's lock). */
    private static RecordedRequest internalRequest(RecordedRequest original, HttpMethod method, String path,
        JsonNode body) {
      Headers headers = Headers.builder().add("Content-Type", "application/json").build();
      return new RecordedRequest(original.getHttpVersion(), method, path, headers,
          new Buffer().writeUtf8(Serialization.asJson(body)));
    }

    void refuseDryRun(String path, int code, String reason, String message) {
      dryRunRefusals.put(path, new Refusal(code, reason, message));
    }

    void holdWatchEvents(String plural) {
      writeLock.lock();
      try {
        heldPlural = plural;
      } finally {
        writeLock.unlock();
      }
    }

    void releaseWatchEvents() {
      writeLock.lock();
      try {
        heldPlural = null;
        heldEvents.forEach(Runnable::run);
        heldEvents.clear();
      } finally {
        writeLock.unlock();
      }
    }

    /**
     * The parent stores the new state and tells the watchers in one step. For a held resource the state is
     * stored with no watcher registered, and the same step is replayed (storing the same state again, now
     * telling them) on release. Every store change runs under writeLock, so no other event misses its watchers.
     */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
        GenericKubernetesResource resource, String newState) {
      if (heldPlural == null || !path.split("\\?", 2)[0].contains("/" + heldPlural)) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        return;
      }
      Set<Object> listeners = watchers();
      List<Object> silenced = List.copyOf(listeners);
      listeners.clear();
      try {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      } finally {
        listeners.addAll(silenced);
      }
      heldEvents.add(() -> super.processEvent(path, pathAttributes, oldAttributes, resource, newState));
    }

    /** The parent's watchers (a package-private type, hence Object). */
    @SuppressWarnings("unchecked")
    private Set<Object> watchers() {
      try {
        Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
        field.setAccessible(true);
        return (Set<Object>) field.get(this);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("this fabric8 mock keeps its watchers elsewhere", e);
      }
    }

    /** Requests received with the given verb since construction or the last {@link #resetCounts()}. */
    public long count(HttpMethod method) {
      synchronized (counts) {
        return counts.getOrDefault(method, 0L);
      }
    }

    /** POST + PUT + PATCH + DELETE requests (one apply is one PATCH, whatever it does). */
    public long writes() {
      synchronized (counts) {
        return WRITES.stream().mapToLong(m -> counts.getOrDefault(m, 0L)).sum();
      }
    }

    /** "VERB path?query" of every write counted by {@link #writes()}, oldest first; handy in assertion messages. */
    public List<String> writeLog() {
      synchronized (counts) {
        return List.copyOf(writeLog);
      }
    }

    /** "VERB path?query" of every request since construction or the last {@link #resetCounts()}, oldest first. */
    public List<String> requestLog() {
      synchronized (counts) {
        return List.copyOf(requestLog);
      }
    }

    public void resetCounts() {
      synchronized (counts) {
        counts.clear();
        writeLog.clear();
        requestLog.clear();
      }
    }

    /** Also called by {@code KubernetesMockServer.reset()}: empties the store and the counters. */
    @Override
    public void reset() {
      super.reset();
      resetCounts();
    }
  }
}
