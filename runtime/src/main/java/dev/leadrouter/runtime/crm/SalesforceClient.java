package dev.leadrouter.runtime.crm;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce REST API calls leadrouter makes: SOQL queries, reading and setting record owners (one
 * record with {@code PATCH /sobjects/{type}/{id}}, many with the composite sObject collections
 * API). Non-blocking; a 401 drops the cached token and the call is made once more with a new one.
 * Every answer's {@code Sforce-Limit-Info} ({@code api-usage=used/limit}) updates the
 * remaining-daily-calls gauge.
 */
public final class SalesforceClient {
  /** The composite sObject collections API takes at most 200 records per call. */
  public static final int MAX_COLLECTION = 200;

  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
  private static final Pattern OBJECT = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
  private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

  private final WebClient http;
  private final SalesforceConfig config;
  private final SalesforceAuth auth;
  private final Clock clock;
  private final AtomicLong apiUsed = new AtomicLong(-1);
  private final AtomicLong apiLimit = new AtomicLong(-1);

  public SalesforceClient(Vertx vertx, SalesforceConfig config, Clock clock) {
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("leadrouter")
                .setFollowRedirects(false)
                .setConnectTimeout((int) config.timeout().toMillis()));
    this.config = config;
    this.auth = new SalesforceAuth(http, config, clock);
    this.clock = clock;
  }

  /**
   * Exposes {@code leadrouter_crm_salesforce_api_remaining} (daily API calls left, from the last
   * answer's Sforce-Limit-Info) and {@code leadrouter_crm_salesforce_api_limit}.
   */
  public SalesforceClient recordMetrics(MeterRegistry registry) {
    Gauge.builder("leadrouter.crm.salesforce.api.remaining", this, c -> c.remainingApiCalls())
        .description("Salesforce daily API calls remaining (Sforce-Limit-Info); -1 before a call")
        .register(registry);
    Gauge.builder("leadrouter.crm.salesforce.api.limit", apiLimit, AtomicLong::get)
        .description("Salesforce daily API call limit (Sforce-Limit-Info); -1 before a call")
        .register(registry);
    return this;
  }

  /** Daily API calls left as of the last answer; -1 before the first one. */
  public long remainingApiCalls() {
    long used = apiUsed.get();
    long limit = apiLimit.get();
    return used < 0 || limit < 0 ? -1 : Math.max(0, limit - used);
  }

  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The records of a SOQL query, following {@code nextRecordsUrl} up to {@code maxRecords}. */
  public Future<List<JsonObject>> query(String soql, int maxRecords) {
    String path =
        "/services/data/v"
            + config.apiVersion()
            + "/query?q="
            + URLEncoder.encode(soql, StandardCharsets.UTF_8);
    return queryPage(path, new ArrayList<>(), maxRecords);
  }

  private Future<List<JsonObject>> queryPage(String path, List<JsonObject> into, int max) {
    return call(HttpMethod.GET, path, null)
        .compose(
            r -> {
              JsonObject body = CrmReplies.jsonObject(r);
              JsonArray records = body == null ? null : body.getJsonArray("records");
              if (records == null) {
                return Future.failedFuture(
                    CrmFailure.transientFailure("Salesforce query answered no records", false));
              }
              records.forEach(o -> into.add((JsonObject) o));
              String next = body.getString("nextRecordsUrl");
              if (body.getBoolean("done", true) || next == null || into.size() >= max) {
                return Future.succeededFuture(into.size() > max ? into.subList(0, max) : into);
              }
              return queryPage(next, into, max);
            });
  }

  /**
   * Current owners of records, by record id as given. Records not returned (deleted, or not visible
   * to the integration user) are absent.
   */
  public Future<Map<String, String>> ownersOf(String objectType, Collection<String> ids) {
    requireObject(objectType);
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    StringBuilder in = new StringBuilder();
    for (String id : ids) {
      if (!isId(id)) {
        throw new IllegalArgumentException("not a Salesforce id");
      }
      in.append(in.length() == 0 ? "'" : ",'").append(id).append('\'');
    }
    return query("SELECT Id, OwnerId FROM " + objectType + " WHERE Id IN (" + in + ")", ids.size())
        .map(
            records -> {
              Map<String, String> owners = new LinkedHashMap<>();
              for (String id : ids) {
                for (JsonObject rec : records) {
                  // The query answers 18-character ids; a 15-character id is their prefix.
                  if (rec.getString("Id", "").startsWith(id)) {
                    owners.put(id, rec.getString("OwnerId", ""));
                  }
                }
              }
              return owners;
            });
  }

  /**
   * Sets {@code OwnerId} of each record. Answers, per record id, the failure of that record; ids
   * absent from the answer were updated. One record: {@code PATCH /sobjects/{type}/{id}}; more: the
   * composite sObject collections API with {@code allOrNone=false}, so one bad record does not hold
   * back the others. A failure of the whole call fails the future.
   */
  public Future<Map<String, CrmFailure>> setOwners(String objectType, Map<String, String> owners) {
    requireObject(objectType);
    if (owners.size() > MAX_COLLECTION) {
      throw new IllegalArgumentException("at most " + MAX_COLLECTION + " records per call");
    }
    owners.forEach(
        (id, owner) -> {
          if (!isId(id) || !isId(owner)) {
            throw new IllegalArgumentException("not a Salesforce id");
          }
        });
    if (owners.size() == 1) {
      Map.Entry<String, String> only = owners.entrySet().iterator().next();
      String path =
          "/services/data/v"
              + config.apiVersion()
              + "/sobjects/"
              + objectType
              + "/"
              + only.getKey();
      return call(HttpMethod.PATCH, path, new JsonObject().put("OwnerId", only.getValue()))
          .map(r -> Map.<String, CrmFailure>of())
          .recover(
              e ->
                  e instanceof CrmFailure f && f.permanent()
                      ? Future.succeededFuture(Map.of(only.getKey(), f))
                      : Future.failedFuture(e));
    }
    JsonArray records = new JsonArray();
    List<String> order = new ArrayList<>(owners.keySet());
    for (String id : order) {
      records.add(
          new JsonObject()
              .put("attributes", new JsonObject().put("type", objectType))
              .put("id", id)
              .put("OwnerId", owners.get(id)));
    }
    JsonObject body = new JsonObject().put("allOrNone", false).put("records", records);
    return call(
            HttpMethod.PATCH,
            "/services/data/v" + config.apiVersion() + "/composite/sobjects",
            body)
        .map(r -> collectionResults(r, order));
  }

  /**
   * Creates a Task ({@code POST /sobjects/Task}) for {@code ownerId} about the Lead or Contact
   * {@code whoId}; answers the new Task's id. Not idempotent: a caller that may repeat it looks for
   * the Task first ({@link #findTask}).
   *
   * @param dueDate the Task's ActivityDate (yyyy-MM-dd)
   */
  public Future<String> createTask(
      String ownerId, String whoId, String subject, String description, String dueDate) {
    if (!isId(ownerId) || !isId(whoId)) {
      throw new IllegalArgumentException("not a Salesforce id");
    }
    JsonObject task =
        new JsonObject()
            .put("OwnerId", ownerId)
            .put("WhoId", whoId)
            .put("Subject", subject)
            .put("Description", description)
            .put("ActivityDate", dueDate);
    return call(HttpMethod.POST, "/services/data/v" + config.apiVersion() + "/sobjects/Task", task)
        .map(
            r -> {
              JsonObject body = CrmReplies.jsonObject(r);
              String id = body == null ? null : body.getString("id");
              if (id == null) {
                throw CrmFailure.transientFailure("Salesforce created a Task without an id", true);
              }
              return id;
            });
  }

  /** The id of a Task about {@code whoId} with exactly this subject; null if there is none. */
  public Future<String> findTask(String whoId, String subject) {
    if (!isId(whoId)) {
      throw new IllegalArgumentException("not a Salesforce id");
    }
    String literal = subject.replace("\\", "\\\\").replace("'", "\\'");
    return query(
            "SELECT Id FROM Task WHERE WhoId = '"
                + whoId
                + "' AND Subject = '"
                + literal
                + "' LIMIT 1",
            1)
        .map(records -> records.isEmpty() ? null : records.get(0).getString("Id"));
  }

  /** Composite results come back in request order: {@code [{id, success, errors:[...]}]}. */
  private Map<String, CrmFailure> collectionResults(HttpResponse<Buffer> r, List<String> order) {
    JsonArray results;
    try {
      results = r.bodyAsJsonArray();
    } catch (RuntimeException e) {
      throw CrmFailure.transientFailure("Salesforce collection answer unreadable", true);
    }
    Map<String, CrmFailure> failures = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      JsonObject result = i < results.size() ? results.getJsonObject(i) : null;
      if (result == null) {
        failures.put(order.get(i), CrmFailure.transientFailure("Salesforce gave no result", true));
      } else if (!result.getBoolean("success", false)) {
        JsonArray errors = result.getJsonArray("errors", new JsonArray());
        JsonObject e = errors.isEmpty() ? new JsonObject() : errors.getJsonObject(0);
        failures.put(
            order.get(i),
            CrmReplies.salesforceFailure(
                400, CrmReplies.code(e), e.getString("message", ""), null, clock));
      }
    }
    return failures;
  }

  /** One call with the cached token; on 401 once more with a new token. */
  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body) {
    return attempt(method, path, body, true);
  }

  private Future<HttpResponse<Buffer>> attempt(
      HttpMethod method, String path, JsonObject body, boolean mayRefresh) {
    Future<SalesforceAuth.Token> token = auth.token();
    return token
        .compose(
            t -> {
              HttpRequest<Buffer> request =
                  http.requestAbs(method, t.instanceUrl().replaceAll("/$", "") + path)
                      .timeout(config.timeout().toMillis())
                      .putHeader("Authorization", "Bearer " + t.accessToken())
                      .putHeader("Accept", "application/json");
              return (body == null ? request.send() : request.sendJsonObject(body))
                  .recover(e -> Future.failedFuture(CrmReplies.ofException("Salesforce", e)));
            })
        .compose(
            r -> {
              recordLimits(r.getHeader("Sforce-Limit-Info"));
              if (r.statusCode() / 100 == 2) {
                return Future.succeededFuture(r);
              }
              if (r.statusCode() == 401 && mayRefresh) {
                // INVALID_SESSION_ID: the token expired or was revoked.
                auth.invalidate(token);
                return attempt(method, path, body, false);
              }
              return Future.failedFuture(CrmReplies.salesforce(r, clock));
            });
  }

  void recordLimits(String header) {
    if (header == null) {
      return;
    }
    Matcher m = API_USAGE.matcher(header);
    if (m.find()) {
      apiUsed.set(Long.parseLong(m.group(1)));
      apiLimit.set(Long.parseLong(m.group(2)));
    }
  }

  private static void requireObject(String objectType) {
    if (!OBJECT.matcher(objectType).matches()) {
      throw new IllegalArgumentException("not a Salesforce object name");
    }
  }

  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }
}
