package dev.leadrouter.runtime.testing.crm;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HubSpot account speaking the documented CRM v3 formats: contacts ({@code GET/PATCH
 * /crm/v3/objects/contacts/{id}}, {@code batch/read}, {@code batch/update}), owners ({@code GET
 * /crm/v3/owners}, paged), private-app bearer tokens, HubSpot's error shape ({@code {status,
 * message, correlationId, category}}) and its ten-second rolling limit (429 with {@code
 * policyName}). It also signs webhook calls the way HubSpot does ({@code X-HubSpot-Signature-v3}).
 * Every request is checked; anything off is recorded in {@link #violations()}.
 */
public final class FakeHubSpot {
  public static final String TOKEN = "pat-na1-fake-0000-1111-2222";
  public static final String CLIENT_SECRET = "hubspot-app-client-secret-123";

  public record Request(String method, String path, String query, String body) {}

  private record Fault(
      String method, String pathPrefix, int status, String body, String retryAfter) {}

  private final Vertx vertx;
  private final int tenSecondLimit;
  private final Map<String, JsonObject> contacts =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, String> owners = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<String[]> ownerChanges = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Long> window = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(51000);
  private HttpServer server;

  public FakeHubSpot(Vertx vertx, int tenSecondLimit) {
    this.vertx = vertx;
    this.tenSecondLimit = tenSecondLimit;
  }

  public FakeHubSpot start(int port) throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(req -> req.body().onSuccess(body -> handle(req, body)))
            .listen(port, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return this;
  }

  public FakeHubSpot start() throws Exception {
    return start(0);
  }

  public void stop() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Map<String, String> settings() {
    return Map.of(
        "HUBSPOT_API_URL",
        url(),
        "HUBSPOT_ACCESS_TOKEN",
        TOKEN,
        "HUBSPOT_CLIENT_SECRET",
        CLIENT_SECRET,
        "HUBSPOT_REQUESTS_PER_10S",
        String.valueOf(tenSecondLimit));
  }

  // ---------------------------------------------------------------- data

  public String addOwner(String email) {
    String id = String.valueOf(ids.incrementAndGet());
    owners.put(id, email);
    return id;
  }

  /** Creates a contact; answers its id. */
  public String createContact(JsonObject properties, String ownerId) {
    String id = String.valueOf(ids.incrementAndGet());
    JsonObject p = properties.copy().put("hs_object_id", id);
    if (ownerId != null) {
      p.put("hubspot_owner_id", ownerId);
    }
    contacts.put(id, p);
    return id;
  }

  public String ownerOf(String contactId) {
    JsonObject c = contacts.get(contactId);
    return c == null ? null : c.getString("hubspot_owner_id");
  }

  public void changeOwnerByHand(String contactId, String ownerId) {
    contacts.get(contactId).put("hubspot_owner_id", ownerId);
  }

  public List<String[]> ownerChanges() {
    return List.copyOf(ownerChanges);
  }

  public long ownerChangesOf(String contactId) {
    return ownerChanges.stream().filter(c -> c[0].equals(contactId)).count();
  }

  public void failNext(
      String method, String pathPrefix, int status, String body, String retryAfter) {
    faults.add(new Fault(method, pathPrefix, status, body, retryAfter));
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String method, String pathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .toList();
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** The body of a {@code contact.creation} webhook call for these contacts. */
  public static String creationEvents(long portalId, String... contactIds) {
    JsonArray events = new JsonArray();
    long n = 1;
    for (String id : contactIds) {
      events.add(
          new JsonObject()
              .put("eventId", 100 + n++)
              .put("subscriptionId", 2881778)
              .put("portalId", portalId)
              .put("appId", 1160452)
              .put("occurredAt", System.currentTimeMillis())
              .put("subscriptionType", "contact.creation")
              .put("attemptNumber", 0)
              .put("objectId", Long.parseLong(id))
              .put("changeFlag", "CREATED")
              .put("changeSource", "CRM_UI"));
    }
    return events.encode();
  }

  /**
   * X-HubSpot-Signature-v3: base64 of HMAC-SHA256, keyed with the app's client secret, over method
   * + URI + body + timestamp (milliseconds, also sent as X-HubSpot-Request-Timestamp).
   */
  public static String signatureV3(
      String secret, String method, String uri, String body, long timestampMillis) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(
              mac.doFinal(
                  (method + uri + body + timestampMillis).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- protocol

  private void handle(HttpServerRequest req, Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    requests.add(new Request(req.method().name(), req.path(), req.query(), text));
    try {
      answer(req, text);
    } catch (RuntimeException e) {
      violations.add("unreadable request " + req.method() + " " + req.path() + ": " + e);
      error(req, 400, "VALIDATION_ERROR", "Invalid input JSON", null);
    }
  }

  private void answer(HttpServerRequest req, String body) {
    if (!("Bearer " + TOKEN).equals(req.getHeader("Authorization"))) {
      violations.add(req.method() + " " + req.path() + ": missing or wrong private app token");
      error(req, 401, "INVALID_AUTHENTICATION", "Authentication credentials not found.", null);
      return;
    }
    if (!withinLimit()) {
      JsonObject b =
          errorBody("RATE_LIMITS", "You have reached your ten_secondly_rolling limit.")
              .put("errorType", "RATE_LIMIT")
              .put("policyName", "TEN_SECONDLY_ROLLING");
      violations.add("ten-second limit exceeded");
      req.response()
          .setStatusCode(429)
          .putHeader("Content-Type", "application/json")
          .end(b.encode());
      return;
    }
    for (Fault f : faults) {
      if (f.method().equals(req.method().name())
          && req.path().startsWith(f.pathPrefix())
          && faults.remove(f)) {
        var resp =
            req.response().setStatusCode(f.status()).putHeader("Content-Type", "application/json");
        if (f.retryAfter() != null) {
          resp.putHeader("Retry-After", f.retryAfter());
        }
        resp.end(f.body());
        return;
      }
    }
    String path = req.path();
    String method = req.method().name();
    if (!method.equals("GET") && !"application/json".equals(mediaType(req))) {
      violations.add(method + " " + path + ": content type must be JSON");
      error(req, 415, "VALIDATION_ERROR", "Unsupported content type", null);
      return;
    }
    if (method.equals("GET") && path.equals("/crm/v3/owners")) {
      owners(req);
    } else if (method.equals("GET") && path.matches("/crm/v3/objects/contacts/\\d+")) {
      JsonObject c = contacts.get(path.substring(path.lastIndexOf('/') + 1));
      if (c == null) {
        error(req, 404, "OBJECT_NOT_FOUND", "resource not found", null);
        return;
      }
      String props = req.getParam("properties");
      JsonObject out = new JsonObject();
      if (props != null) {
        for (String p : props.split(",")) {
          out.put(p, c.getValue(p));
        }
      }
      json(req, 200, contact(c.getString("hs_object_id"), out));
    } else if (method.equals("PATCH") && path.matches("/crm/v3/objects/contacts/\\d+")) {
      String id = path.substring(path.lastIndexOf('/') + 1);
      JsonObject props = new JsonObject(body).getJsonObject("properties");
      String problem = update(id, props, true);
      if (problem == null) {
        json(req, 200, contact(id, contacts.get(id)));
      } else if (problem.startsWith("404")) {
        error(req, 404, "OBJECT_NOT_FOUND", "resource not found", null);
      } else {
        error(req, 400, "VALIDATION_ERROR", problem, null);
      }
    } else if (method.equals("POST") && path.equals("/crm/v3/objects/contacts/batch/read")) {
      batchRead(req, new JsonObject(body));
    } else if (method.equals("POST") && path.equals("/crm/v3/objects/contacts/batch/update")) {
      batchUpdate(req, new JsonObject(body));
    } else if (method.equals("POST") && path.equals("/crm/v3/objects/tasks")) {
      createTask(req, new JsonObject(body));
    } else if (method.equals("POST") && path.equals("/crm/v3/objects/tasks/search")) {
      searchTasks(req, new JsonObject(body));
    } else {
      violations.add("unknown endpoint " + method + " " + path);
      error(req, 404, "OBJECT_NOT_FOUND", "unknown endpoint", null);
    }
  }

  // ---------------------------------------------------------------- tasks

  private static final java.util.Set<String> TASK_PROPERTIES =
      java.util.Set.of(
          "hs_timestamp",
          "hs_task_subject",
          "hs_task_body",
          "hs_task_status",
          "hs_task_type",
          "hs_task_priority",
          "hubspot_owner_id");

  private final java.util.concurrent.atomic.AtomicBoolean loseTaskAnswer =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The next task is created, but its answer is a 504: the client cannot know it exists. */
  public void loseNextTaskAnswer() {
    loseTaskAnswer.set(true);
  }

  /** Tasks created through the API, by id: their properties and associated contact ids. */
  public Map<String, JsonObject> tasks() {
    synchronized (tasks) {
      Map<String, JsonObject> out = new LinkedHashMap<>();
      tasks.forEach((id, t) -> out.put(id, t.copy()));
      return out;
    }
  }

  /** Tasks associated with a contact. */
  public List<JsonObject> tasksOf(String contactId) {
    return tasks().values().stream()
        .filter(t -> t.getJsonArray("contacts").contains(contactId))
        .toList();
  }

  /** The search index trails writes: a task shows in search only this long after it was made. */
  public void searchLag(long millis) {
    searchLagMs = millis;
  }

  private final Map<String, JsonObject> tasks = Collections.synchronizedMap(new LinkedHashMap<>());
  private volatile long searchLagMs;

  private void createTask(HttpServerRequest req, JsonObject body) {
    JsonObject props = body.getJsonObject("properties");
    JsonArray associations = body.getJsonArray("associations", new JsonArray());
    List<String> problems = new ArrayList<>();
    if (props == null) {
      problems.add("properties missing");
      props = new JsonObject();
    }
    for (String name : props.fieldNames()) {
      if (!TASK_PROPERTIES.contains(name)) {
        problems.add("unknown task property " + name);
      }
    }
    if (props.getString("hs_timestamp") == null) {
      problems.add("hs_timestamp is required");
    } else {
      try {
        java.time.Instant.parse(props.getString("hs_timestamp"));
      } catch (RuntimeException e) {
        problems.add("hs_timestamp is not an ISO-8601 instant");
      }
    }
    if (props.getString("hs_task_subject", "").isBlank()) {
      problems.add("hs_task_subject is required");
    }
    if (!java.util.Set.of("NOT_STARTED", "COMPLETED").contains(props.getString("hs_task_status"))) {
      problems.add("hs_task_status must be NOT_STARTED or COMPLETED");
    }
    String owner = props.getString("hubspot_owner_id");
    if (owner == null || !owners.containsKey(owner)) {
      problems.add("hubspot_owner_id is not an owner: " + owner);
    }
    JsonArray contactIds = new JsonArray();
    for (Object o : associations) {
      JsonObject a = (JsonObject) o;
      String to = a.getJsonObject("to", new JsonObject()).getString("id");
      JsonArray types = a.getJsonArray("types", new JsonArray());
      boolean taskToContact =
          types.size() == 1
              && "HUBSPOT_DEFINED".equals(types.getJsonObject(0).getString("associationCategory"))
              && Integer.valueOf(204)
                  .equals(types.getJsonObject(0).getInteger("associationTypeId"));
      if (!taskToContact) {
        problems.add("association must be HUBSPOT_DEFINED type 204 (task to contact): " + a);
      } else if (to == null || !contacts.containsKey(to)) {
        problems.add("associated contact does not exist: " + to);
      } else {
        contactIds.add(to);
      }
    }
    if (contactIds.isEmpty()) {
      problems.add("a task must be associated with its contact");
    }
    if (!problems.isEmpty()) {
      violations.add("POST /crm/v3/objects/tasks: " + problems);
      error(req, 400, "VALIDATION_ERROR", String.join("; ", problems), null);
      return;
    }
    String id = String.valueOf(ids.incrementAndGet());
    tasks.put(
        id,
        new JsonObject()
            .put("properties", props.copy())
            .put("contacts", contactIds)
            .put("createdAtMs", System.currentTimeMillis()));
    if (loseTaskAnswer.getAndSet(false)) {
      // The task exists, but the client never learns it (a gateway timeout after the commit).
      error(req, 504, "GATEWAY_TIMEOUT", "The request timed out", null);
      return;
    }
    json(
        req,
        201,
        new JsonObject()
            .put("id", id)
            .put("properties", props.copy().put("hs_object_id", id))
            .put("archived", false));
  }

  private void searchTasks(HttpServerRequest req, JsonObject body) {
    JsonArray groups = body.getJsonArray("filterGroups");
    if (groups == null || groups.size() != 1) {
      violations.add("task search needs one filter group: " + body.encode());
      error(req, 400, "VALIDATION_ERROR", "filterGroups", null);
      return;
    }
    JsonArray filters = groups.getJsonObject(0).getJsonArray("filters", new JsonArray());
    long now = System.currentTimeMillis();
    JsonArray results = new JsonArray();
    for (Map.Entry<String, JsonObject> t : tasks().entrySet()) {
      if (now - t.getValue().getLong("createdAtMs") < searchLagMs) {
        continue;
      }
      JsonObject props = t.getValue().getJsonObject("properties");
      boolean all = true;
      for (Object o : filters) {
        JsonObject f = (JsonObject) o;
        if (!"EQ".equals(f.getString("operator"))) {
          violations.add("task search operator not understood: " + f);
        }
        all &=
            String.valueOf(f.getValue("value"))
                .equals(props.getString(f.getString("propertyName")));
      }
      if (all) {
        results.add(new JsonObject().put("id", t.getKey()).put("properties", props.copy()));
      }
    }
    json(req, 200, new JsonObject().put("total", results.size()).put("results", results));
  }

  private void owners(HttpServerRequest req) {
    int limit = Integer.parseInt(req.getParam("limit", "100"));
    if (limit > 500) {
      violations.add("owners limit above 500");
    }
    // Two per page regardless, so clients must follow paging.
    List<String> all;
    synchronized (owners) {
      all = new ArrayList<>(owners.keySet());
    }
    int from = req.getParam("after") == null ? 0 : Integer.parseInt(req.getParam("after"));
    int to = Math.min(all.size(), from + Math.min(limit, 2));
    JsonArray results = new JsonArray();
    for (String id : all.subList(from, to)) {
      results.add(
          new JsonObject()
              .put("id", id)
              .put("email", owners.get(id))
              .put("firstName", "F")
              .put("lastName", "L")
              .put("userId", Long.parseLong(id) + 7)
              .put("archived", false));
    }
    JsonObject out = new JsonObject().put("results", results);
    if (to < all.size()) {
      out.put(
          "paging",
          new JsonObject()
              .put(
                  "next",
                  new JsonObject()
                      .put("after", String.valueOf(to))
                      .put("link", url() + "/crm/v3/owners?after=" + to)));
    }
    json(req, 200, out);
  }

  private void batchRead(HttpServerRequest req, JsonObject body) {
    JsonArray inputs = body.getJsonArray("inputs");
    if (inputs == null || inputs.size() > 100 || body.getJsonArray("properties") == null) {
      violations.add("batch/read needs inputs (max 100) and properties: " + body.encode());
    }
    JsonArray results = new JsonArray();
    List<String> missing = new ArrayList<>();
    for (Object o : inputs) {
      String id = ((JsonObject) o).getString("id");
      JsonObject c = contacts.get(id);
      if (c == null) {
        missing.add(id);
        continue;
      }
      JsonObject props = new JsonObject();
      for (Object p : body.getJsonArray("properties")) {
        props.put((String) p, c.getValue((String) p));
      }
      results.add(contact(id, props));
    }
    JsonObject out =
        new JsonObject()
            .put("status", "COMPLETE")
            .put("results", results)
            .put("startedAt", Instant.now().toString())
            .put("completedAt", Instant.now().toString());
    if (!missing.isEmpty()) {
      out.put("numErrors", 1)
          .put(
              "errors",
              new JsonArray()
                  .add(
                      new JsonObject()
                          .put("status", "error")
                          .put("category", "OBJECT_NOT_FOUND")
                          .put(
                              "message",
                              "Could not get some CONTACT objects, they may be deleted or not exist.")
                          .put("context", new JsonObject().put("ids", new JsonArray(missing)))));
    }
    json(req, missing.isEmpty() ? 200 : 207, out);
  }

  private void batchUpdate(HttpServerRequest req, JsonObject body) {
    JsonArray inputs = body.getJsonArray("inputs");
    if (inputs == null || inputs.isEmpty() || inputs.size() > 100) {
      violations.add("batch/update needs 1-100 inputs");
    }
    // All or nothing: validate everything first.
    for (Object o : inputs) {
      JsonObject in = (JsonObject) o;
      String problem = update(in.getString("id"), in.getJsonObject("properties"), false);
      if (problem != null) {
        error(req, 400, "VALIDATION_ERROR", problem.replaceFirst("^404 ", ""), null);
        return;
      }
    }
    JsonArray results = new JsonArray();
    for (Object o : inputs) {
      JsonObject in = (JsonObject) o;
      update(in.getString("id"), in.getJsonObject("properties"), true);
      results.add(contact(in.getString("id"), contacts.get(in.getString("id"))));
    }
    json(req, 200, new JsonObject().put("status", "COMPLETE").put("results", results));
  }

  /** Null when fine; else why (prefixed "404 " when the contact does not exist). */
  private String update(String id, JsonObject props, boolean apply) {
    if (props == null || !props.fieldNames().equals(java.util.Set.of("hubspot_owner_id"))) {
      violations.add("owner update must set only hubspot_owner_id: " + props);
      return "Property values were not valid";
    }
    JsonObject c = id == null ? null : contacts.get(id);
    if (c == null) {
      return "404 Object not found. objectId are usually numeric.";
    }
    String owner = props.getString("hubspot_owner_id");
    if (!owners.containsKey(owner)) {
      return "Property values were not valid: [{\"isValid\":false,\"message\":\""
          + owner
          + " was not a valid owner id\",\"error\":\"INVALID_OWNER_ID\",\"name\":\"hubspot_owner_id\"}]";
    }
    if (apply) {
      c.put("hubspot_owner_id", owner);
      ownerChanges.add(new String[] {id, owner});
    }
    return null;
  }

  private synchronized boolean withinLimit() {
    long now = System.currentTimeMillis();
    while (!window.isEmpty() && window.peekFirst() <= now - 10_000) {
      window.pollFirst();
    }
    if (window.size() >= tenSecondLimit) {
      return false;
    }
    window.addLast(now);
    return true;
  }

  private static JsonObject contact(String id, JsonObject props) {
    return new JsonObject()
        .put("id", id)
        .put("properties", props)
        .put("createdAt", "2026-11-30T10:00:00Z")
        .put("updatedAt", Instant.now().toString())
        .put("archived", false);
  }

  private static JsonObject errorBody(String category, String message) {
    return new JsonObject()
        .put("status", "error")
        .put("message", message)
        .put("correlationId", java.util.UUID.randomUUID().toString())
        .put("category", category);
  }

  public static String error(String category, String message) {
    return errorBody(category, message).encode();
  }

  private static void error(
      HttpServerRequest req, int status, String category, String message, String retryAfter) {
    var resp =
        req.response()
            .setStatusCode(status)
            .putHeader("Content-Type", "application/json;charset=utf-8");
    if (retryAfter != null) {
      resp.putHeader("Retry-After", retryAfter);
    }
    resp.end(errorBody(category, message).encode());
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json;charset=utf-8")
        .end(body.encode());
  }

  private static String mediaType(HttpServerRequest req) {
    String ct = req.getHeader("Content-Type");
    return ct == null ? null : ct.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
  }
}
