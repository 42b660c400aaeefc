package dev.leadrouter.runtime.testing.crm;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A local Salesforce org speaking the documented REST formats: the OAuth 2.0 token endpoint (JWT
 * bearer, verified against the connected app's certificate key, and client credentials), SOQL
 * {@code /query} for the query shapes leadrouter sends, {@code PATCH /sobjects/{type}/{id}} and the
 * composite sObject collections API, with Salesforce's error shapes. Every request is checked
 * (path, bearer token, content type, body); anything off is recorded in {@link #violations()} and
 * refused, so a test that ends with no violations proves the client followed the format.
 *
 * <p>Faults can be injected: expired sessions, the next call answering 429/503, a record locked
 * ({@code UNABLE_TO_LOCK_ROW}) for its next updates.
 */
public final class FakeSalesforce {
  public static final String API = "/services/data/v62.0";
  public static final String CLIENT_ID = "3MVG9fakeConsumerKey";
  public static final String USERNAME = "integration@example.com";
  public static final String CLIENT_SECRET = "fake-client-secret-0123456789";

  /** A recorded request. */
  public record Request(String method, String path, String query, String body) {}

  /** A planned answer to the next matching request. */
  private record Fault(
      String method, String pathPrefix, int status, String body, String retryAfter) {}

  private final Vertx vertx;
  private final KeyPair appKey;
  private final Map<String, JsonObject> records =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, String> users = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Integer> lockedUpdates = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final List<String[]> ownerChanges = new CopyOnWriteArrayList<>();
  private final AtomicInteger apiUsed = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private HttpServer server;
  private volatile int responseDelayMs;

  public FakeSalesforce(Vertx vertx) {
    this.vertx = vertx;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      this.appKey = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public FakeSalesforce start(int port) throws Exception {
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

  public FakeSalesforce start() throws Exception {
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

  /** The PEM PKCS#8 private key whose certificate the connected app holds. */
  public String privateKeyPem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(appKey.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  /** Environment for the JWT bearer flow against this org. */
  public Map<String, String> jwtSettings() {
    return Map.of(
        "SALESFORCE_LOGIN_URL",
        url(),
        "SALESFORCE_CLIENT_ID",
        CLIENT_ID,
        "SALESFORCE_USERNAME",
        USERNAME,
        "SALESFORCE_PRIVATE_KEY",
        privateKeyPem());
  }

  // ---------------------------------------------------------------- data

  /** Adds an active user; answers its id (005...). */
  public String addUser(String email) {
    String id = id("005");
    users.put(id, email);
    return id;
  }

  /** Creates a Lead as a person would in the UI; answers its 18-character id (00Q...). */
  public String createLead(JsonObject fields, String ownerId, Instant createdDate) {
    // Salesforce stamps CreatedDate to the second.
    createdDate = createdDate.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String id = id("00Q");
    JsonObject rec =
        fields
            .copy()
            .put("Id", id)
            .put("OwnerId", ownerId)
            .put("CreatedDate", soqlTime(createdDate))
            .put("SystemModstamp", soqlTime(createdDate));
    records.put(id, rec);
    return id;
  }

  public JsonObject record(String id) {
    JsonObject r = records.get(id);
    return r == null ? null : r.copy();
  }

  public String ownerOf(String id) {
    JsonObject r = records.get(id);
    return r == null ? null : r.getString("OwnerId");
  }

  /** A person changes the owner in the UI. */
  public void changeOwnerByHand(String id, String ownerId) {
    records.get(id).put("OwnerId", ownerId);
  }

  public void deleteRecord(String id) {
    records.remove(id);
  }

  /** Every OwnerId update made through the API: {recordId, ownerId}. */
  public List<String[]> ownerChanges() {
    return List.copyOf(ownerChanges);
  }

  public long ownerChangesOf(String recordId) {
    return ownerChanges.stream().filter(c -> c[0].equals(recordId)).count();
  }

  // ---------------------------------------------------------------- faults

  /** Every issued access token stops working (session timeout): the next call gets 401. */
  public void expireSessions() {
    tokens.clear();
  }

  /** The next request whose path starts with {@code pathPrefix} gets this answer. */
  public void failNext(
      String method, String pathPrefix, int status, String body, String retryAfter) {
    faults.add(new Fault(method, pathPrefix, status, body, retryAfter));
  }

  /** The next {@code times} updates of the record fail with UNABLE_TO_LOCK_ROW. */
  public void lockRecord(String id, int times) {
    lockedUpdates.put(id, times);
  }

  public void delayResponses(int millis) {
    responseDelayMs = millis;
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

  public int tokensIssued() {
    return tokenCount.get();
  }

  private final AtomicInteger tokenCount = new AtomicInteger();

  // ---------------------------------------------------------------- protocol

  private void handle(HttpServerRequest req, Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    requests.add(new Request(req.method().name(), req.path(), req.query(), text));
    if (responseDelayMs > 0) {
      vertx.setTimer(responseDelayMs, t -> answer(req, text));
    } else {
      answer(req, text);
    }
  }

  private void answer(HttpServerRequest req, String body) {
    try {
      if (req.path().equals("/services/oauth2/token")) {
        token(req, body);
        return;
      }
      if (!req.path().startsWith(API + "/")) {
        refuse(req, 404, "NOT_FOUND", "The requested resource does not exist", "unknown path");
        return;
      }
      String auth = req.getHeader("Authorization");
      if (auth == null || !auth.startsWith("Bearer ")) {
        refuse(req, 401, "INVALID_SESSION_ID", "Session expired or invalid", "no bearer token");
        return;
      }
      if (!tokens.contains(auth.substring(7))) {
        // Not a violation: an expired session is what a client must handle.
        send(req, 401, errors("INVALID_SESSION_ID", "Session expired or invalid"), null);
        return;
      }
      apiUsed.incrementAndGet();
      Fault fault = takeFault(req);
      if (fault != null) {
        send(req, fault.status(), fault.body(), fault.retryAfter());
        return;
      }
      String rest = req.path().substring(API.length());
      switch (req.method().name()) {
        case "GET" -> {
          if (rest.equals("/query")) {
            query(req);
          } else {
            refuse(req, 404, "NOT_FOUND", "The requested resource does not exist", "GET " + rest);
          }
        }
        case "PATCH" -> {
          if (!"application/json".equals(mediaType(req))) {
            refuse(req, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be JSON", "content type");
          } else if (rest.equals("/composite/sobjects")) {
            collection(req, new JsonObject(body));
          } else if (rest.matches("/sobjects/(Lead|Contact)/[a-zA-Z0-9]{15,18}")) {
            String id = rest.substring(rest.lastIndexOf('/') + 1);
            JsonObject patch = new JsonObject(body);
            if (!patch.fieldNames().equals(java.util.Set.of("OwnerId"))) {
              violation("PATCH body must set only OwnerId: " + body);
            }
            JsonObject error = update(id, patch.getString("OwnerId"));
            if (error == null) {
              send(req, 204, null, null);
            } else {
              send(
                  req,
                  error.getInteger("status"),
                  new JsonArray().add(error.getJsonObject("e")).encode(),
                  null);
            }
          } else {
            refuse(req, 404, "NOT_FOUND", "The requested resource does not exist", "PATCH " + rest);
          }
        }
        case "POST" -> {
          if (!"application/json".equals(mediaType(req))) {
            refuse(req, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be JSON", "content type");
          } else if (rest.equals("/sobjects/Task")) {
            createTask(req, new JsonObject(body));
          } else {
            refuse(req, 404, "NOT_FOUND", "The requested resource does not exist", "POST " + rest);
          }
        }
        default ->
            refuse(req, 405, "METHOD_NOT_ALLOWED", "HTTP Method not allowed", req.method().name());
      }
    } catch (RuntimeException e) {
      violation("unreadable request " + req.method() + " " + req.path() + ": " + e);
      send(req, 400, errors("JSON_PARSER_ERROR", String.valueOf(e.getMessage())), null);
    }
  }

  private void token(HttpServerRequest req, String body) {
    if (!"POST".equals(req.method().name())
        || !"application/x-www-form-urlencoded".equals(mediaType(req))) {
      violation("token request must be a form POST");
      req.response().setStatusCode(400).end();
      return;
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.add(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String grant = form.get("grant_type");
    String problem;
    if ("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grant)) {
      problem = checkAssertion(form.get("assertion"));
    } else if ("client_credentials".equals(grant)) {
      problem =
          CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"))
              ? null
              : "invalid client credentials";
    } else {
      problem = "unsupported grant_type " + grant;
    }
    if (problem != null) {
      violation("token request: " + problem);
      req.response()
          .setStatusCode(400)
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("error", "invalid_grant")
                  .put("error_description", problem)
                  .encode());
      return;
    }
    String token = "00Dfake!" + java.util.UUID.randomUUID();
    tokens.add(token);
    tokenCount.incrementAndGet();
    req.response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("access_token", token)
                .put("instance_url", url())
                .put("id", url() + "/id/00Dfake/005fake")
                .put("token_type", "Bearer")
                .put("scope", "api")
                .encode());
  }

  private String checkAssertion(String jwt) {
    if (jwt == null) {
      return "no assertion";
    }
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return "assertion is not a JWS";
    }
    try {
      JsonObject header =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      JsonObject claims =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(appKey.getPublic());
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return "bad signature";
      }
      if (!"RS256".equals(header.getString("alg"))) {
        return "alg must be RS256";
      }
      if (!CLIENT_ID.equals(claims.getString("iss"))
          || !USERNAME.equals(claims.getString("sub"))
          || !url().equals(claims.getString("aud"))) {
        return "wrong iss/sub/aud " + claims.encode();
      }
      long exp = claims.getLong("exp", 0L);
      long now = Instant.now().getEpochSecond();
      if (exp < now || exp > now + 300) {
        return "exp must be within the next 5 minutes";
      }
      return null;
    } catch (Exception e) {
      return "assertion unreadable: " + e;
    }
  }

  private static final Pattern SELECT =
      Pattern.compile(
          "SELECT (.+?) FROM (\\w+)(?: WHERE (.+?))?(?: ORDER BY ([\\w ,]+?))?(?: LIMIT (\\d+))?");
  private static final Pattern IN = Pattern.compile("(\\w+) IN \\(((?:'[^']*',?)+)\\)");
  private static final Pattern AFTER =
      Pattern.compile(
          "\\(CreatedDate > (\\S+Z) OR \\(CreatedDate = (\\S+Z) AND Id > '(\\w+)'\\)\\)");
  private static final Pattern FROM = Pattern.compile("CreatedDate >= (\\S+Z)");
  private static final Pattern EQUALS = Pattern.compile("(\\w+) = '([^'\\\\]*)'");

  private void query(HttpServerRequest req) {
    String soql = req.getParam("q");
    Matcher m = soql == null ? null : SELECT.matcher(soql);
    if (m == null || !m.matches()) {
      refuse(req, 400, "MALFORMED_QUERY", "unexpected query", "SOQL not understood: " + soql);
      return;
    }
    List<String> fields = List.of(m.group(1).split(",\\s*"));
    String object = m.group(2);
    String where = m.group(3) == null ? "" : m.group(3);
    List<JsonObject> source;
    if (object.equals("User")) {
      source = new ArrayList<>();
      users.forEach(
          (id, email) ->
              source.add(new JsonObject().put("Id", id).put("Email", email).put("IsActive", true)));
    } else if (object.equals("Task")) {
      synchronized (tasks) {
        source = tasks.values().stream().map(JsonObject::copy).collect(Collectors.toList());
      }
    } else if (object.equals("Lead") || object.equals("Contact")) {
      synchronized (records) {
        source = records.values().stream().map(JsonObject::copy).collect(Collectors.toList());
      }
    } else {
      refuse(req, 400, "INVALID_TYPE", "sObject type '" + object + "' is not supported.", object);
      return;
    }
    List<JsonObject> hits = new ArrayList<>();
    for (JsonObject r : source) {
      if (matches(r, where)) {
        hits.add(r);
      }
    }
    if (m.group(4) != null) {
      hits.sort(
          Comparator.comparing((JsonObject r) -> r.getString("CreatedDate", ""))
              .thenComparing(r -> r.getString("Id")));
    }
    if (m.group(5) != null) {
      int limit = Integer.parseInt(m.group(5));
      hits = hits.subList(0, Math.min(limit, hits.size()));
    }
    JsonArray out = new JsonArray();
    for (JsonObject r : hits) {
      JsonObject rec =
          new JsonObject()
              .put(
                  "attributes",
                  new JsonObject()
                      .put("type", object)
                      .put("url", API + "/sobjects/" + object + "/" + r.getString("Id")));
      for (String f : fields) {
        rec.put(f.strip(), r.getValue(f.strip()));
      }
      out.add(rec);
    }
    send(
        req,
        200,
        new JsonObject()
            .put("totalSize", out.size())
            .put("done", true)
            .put("records", out)
            .encode(),
        null);
  }

  private boolean matches(JsonObject r, String where) {
    if (where.isBlank()) {
      return true;
    }
    for (String clause : where.split(" AND (?![^()]*\\))")) {
      clause = clause.strip();
      Matcher in = IN.matcher(clause);
      Matcher after = AFTER.matcher(clause);
      Matcher from = FROM.matcher(clause);
      Matcher equals = EQUALS.matcher(clause);
      if (from.matches()) {
        if (compareTime(r.getString("CreatedDate"), from.group(1)) < 0) {
          return false;
        }
      } else if (equals.matches()) {
        if (!equals.group(2).equals(r.getString(equals.group(1), ""))) {
          return false;
        }
      } else if (in.matches()) {
        List<String> values = new ArrayList<>();
        for (String v : in.group(2).split(",")) {
          values.add(v.replace("'", ""));
        }
        String actual = r.getString(in.group(1), "");
        if (values.stream()
            .noneMatch(
                v ->
                    in.group(1).equals("Id") ? actual.startsWith(v) : actual.equalsIgnoreCase(v))) {
          return false;
        }
      } else if (after.matches()) {
        String created = r.getString("CreatedDate");
        int c = compareTime(created, after.group(1));
        if (!(c > 0 || (c == 0 && r.getString("Id").compareTo(after.group(3)) > 0))) {
          return false;
        }
      } else if (clause.equals("IsActive = true")) {
        continue;
      } else {
        throw new IllegalArgumentException("WHERE clause not understood: " + clause);
      }
    }
    return true;
  }

  private static int compareTime(String soqlA, String soqlB) {
    return parse(soqlA).compareTo(parse(soqlB));
  }

  private static Instant parse(String soql) {
    return java.time.OffsetDateTime.parse(
            soql.replaceAll("\\+0000$", "+00:00").replaceAll("Z$", "+00:00"))
        .toInstant();
  }

  // ---------------------------------------------------------------- tasks

  private static final java.util.Set<String> TASK_FIELDS =
      java.util.Set.of(
          "OwnerId",
          "WhoId",
          "WhatId",
          "Subject",
          "Description",
          "ActivityDate",
          "Status",
          "Priority");
  private final Map<String, JsonObject> tasks = Collections.synchronizedMap(new LinkedHashMap<>());

  private final java.util.concurrent.atomic.AtomicBoolean loseTaskAnswer =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The next Task is created, but its answer is a 503: the client cannot know it exists. */
  public void loseNextTaskAnswer() {
    loseTaskAnswer.set(true);
  }

  /** Tasks created through the API. */
  public List<JsonObject> tasks() {
    synchronized (tasks) {
      return tasks.values().stream().map(JsonObject::copy).toList();
    }
  }

  /** Tasks about a Lead or Contact (WhoId). */
  public List<JsonObject> tasksOf(String whoId) {
    return tasks().stream().filter(t -> whoId.equals(t.getString("WhoId"))).toList();
  }

  private void createTask(HttpServerRequest req, JsonObject task) {
    List<String> problems = new ArrayList<>();
    for (String f : task.fieldNames()) {
      if (!TASK_FIELDS.contains(f)) {
        problems.add("No such column '" + f + "' on sobject of type Task");
      }
    }
    String owner = task.getString("OwnerId");
    if (owner == null || !users.containsKey(owner)) {
      problems.add("OwnerId is not an active user: " + owner);
    }
    String who = task.getString("WhoId");
    if (who == null || !records.containsKey(who)) {
      problems.add("WhoId is not a Lead or Contact: " + who);
    }
    String subject = task.getString("Subject", "");
    if (subject.isBlank() || subject.length() > 255) {
      problems.add("Subject must be 1-255 characters");
    }
    if (task.getString("Description", "").length() > 32000) {
      problems.add("Description longer than 32000 characters");
    }
    String due = task.getString("ActivityDate");
    if (due != null && !due.matches("\\d{4}-\\d{2}-\\d{2}")) {
      problems.add("ActivityDate must be yyyy-MM-dd: " + due);
    }
    if (!problems.isEmpty()) {
      refuse(req, 400, "INVALID_FIELD", String.join("; ", problems), "Task: " + problems);
      return;
    }
    String id = id("00T");
    tasks.put(id, task.copy().put("Id", id));
    if (loseTaskAnswer.getAndSet(false)) {
      // The Task exists, but the client never learns it (a gateway timeout after the commit).
      send(req, 503, errors("SERVER_UNAVAILABLE", "Service temporarily unavailable"), null);
      return;
    }
    send(
        req,
        201,
        new JsonObject().put("id", id).put("success", true).put("errors", new JsonArray()).encode(),
        null);
  }

  private void collection(HttpServerRequest req, JsonObject body) {
    JsonArray recs = body.getJsonArray("records");
    if (recs == null
        || recs.isEmpty()
        || recs.size() > 200
        || !Boolean.FALSE.equals(body.getBoolean("allOrNone"))) {
      violation("collection body must have 1-200 records and allOrNone false: " + body.encode());
    }
    JsonArray results = new JsonArray();
    for (Object o : recs) {
      JsonObject r = (JsonObject) o;
      String type = r.getJsonObject("attributes", new JsonObject()).getString("type");
      if (!"Lead".equals(type) && !"Contact".equals(type)) {
        violation("collection record without attributes.type: " + r.encode());
      }
      JsonObject error = update(r.getString("id"), r.getString("OwnerId"));
      if (error == null) {
        results.add(
            new JsonObject()
                .put("id", r.getString("id"))
                .put("success", true)
                .put("errors", new JsonArray()));
      } else {
        JsonObject e = error.getJsonObject("e");
        results.add(
            new JsonObject()
                .putNull("id")
                .put("success", false)
                .put(
                    "errors",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("statusCode", e.getString("errorCode"))
                                .put("message", e.getString("message"))
                                .put("fields", e.getJsonArray("fields", new JsonArray())))));
      }
    }
    send(req, 200, results.encode(), null);
  }

  /** Applies an owner change; answers null or {status, e:{errorCode, message, fields}}. */
  private JsonObject update(String id, String ownerId) {
    JsonObject rec = id == null ? null : records.get(id);
    if (rec == null) {
      return err(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
    }
    Integer locks = lockedUpdates.get(id);
    if (locks != null && locks > 0) {
      lockedUpdates.put(id, locks - 1);
      return err(
          400,
          "UNABLE_TO_LOCK_ROW",
          "unable to obtain exclusive access to this record or 1 records: " + id,
          List.of());
    }
    if (ownerId == null || !users.containsKey(ownerId)) {
      return err(
          400,
          "FIELD_INTEGRITY_EXCEPTION",
          "Owner ID: owner cannot be blank or invalid: " + ownerId,
          List.of("OwnerId"));
    }
    rec.put("OwnerId", ownerId);
    ownerChanges.add(new String[] {id, ownerId});
    return null;
  }

  private static JsonObject err(int status, String code, String message, List<String> fields) {
    return new JsonObject()
        .put("status", status)
        .put(
            "e",
            new JsonObject()
                .put("errorCode", code)
                .put("message", message)
                .put("fields", new JsonArray(fields)));
  }

  private Fault takeFault(HttpServerRequest req) {
    for (Fault f : faults) {
      if (f.method().equals(req.method().name())
          && req.path().startsWith(f.pathPrefix())
          && faults.remove(f)) {
        return f;
      }
    }
    return null;
  }

  private void refuse(HttpServerRequest req, int status, String code, String message, String why) {
    violation(req.method() + " " + req.path() + ": " + why);
    send(req, status, errors(code, message), null);
  }

  private void violation(String v) {
    violations.add(v);
  }

  public static String errors(String code, String message) {
    return new JsonArray()
        .add(new JsonObject().put("message", message).put("errorCode", code))
        .encode();
  }

  private void send(HttpServerRequest req, int status, String body, String retryAfter) {
    var resp =
        req.response()
            .setStatusCode(status)
            .putHeader("Sforce-Limit-Info", "api-usage=" + apiUsed.get() + "/15000");
    if (retryAfter != null) {
      resp.putHeader("Retry-After", retryAfter);
    }
    if (body == null) {
      resp.end();
    } else {
      resp.putHeader("Content-Type", "application/json;charset=UTF-8").end(body);
    }
  }

  private static String mediaType(HttpServerRequest req) {
    String ct = req.getHeader("Content-Type");
    return ct == null ? null : ct.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
  }

  private String id(String prefix) {
    // 18 characters, like the API answers.
    return prefix + "5g00000" + String.format("%05d", ids.incrementAndGet()) + "AAA";
  }

  /** SOQL/REST datetime format, e.g. 2026-11-30T18:00:00.000+0000. */
  public static String soqlTime(Instant t) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
        .withZone(java.time.ZoneOffset.UTC)
        .format(t);
  }
}
