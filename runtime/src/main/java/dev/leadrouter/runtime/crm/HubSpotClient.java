package dev.leadrouter.runtime.crm;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HubSpot CRM v3 calls leadrouter makes: reading a contact, listing owners, reading and setting
 * contacts' {@code hubspot_owner_id} (one with {@code PATCH /crm/v3/objects/contacts/{id}}, many
 * with the batch endpoints). Authenticated with a private app's token. Calls wait for room in the
 * app's ten-second limit rather than run into 429s, and after a 429 every call waits out its
 * Retry-After.
 */
public final class HubSpotClient {
  /** HubSpot batch endpoints take at most 100 inputs. */
  public static final int MAX_BATCH = 100;

  public static final String OWNER_PROPERTY = "hubspot_owner_id";
  private static final Pattern ID = Pattern.compile("\\d{1,20}");

  private final Vertx vertx;
  private final WebClient http;
  private final HubSpotConfig config;
  private final Clock clock;
  private final TenSecondWindow window;
  private volatile Instant pausedUntil = Instant.EPOCH;

  public HubSpotClient(Vertx vertx, HubSpotConfig config, Clock clock) {
    this.vertx = vertx;
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("leadrouter")
                .setFollowRedirects(false)
                .setConnectTimeout((int) config.timeout().toMillis()));
    this.config = config;
    this.clock = clock;
    this.window = new TenSecondWindow(config.requestsPerTenSeconds());
  }

  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** A contact's properties; a deleted or unknown contact fails PERMANENT with status 404. */
  public Future<JsonObject> contact(String id, List<String> properties) {
    requireId(id);
    return call(
            HttpMethod.GET,
            "/crm/v3/objects/contacts/" + id + "?properties=" + String.join(",", properties),
            null)
        .map(r -> CrmReplies.jsonObject(r).getJsonObject("properties", new JsonObject()));
  }

  /** Every active owner ({@code id}, {@code email}, {@code firstName}, ...), all pages. */
  public Future<List<JsonObject>> owners() {
    return ownersPage(null, new ArrayList<>());
  }

  private Future<List<JsonObject>> ownersPage(String after, List<JsonObject> into) {
    String path =
        "/crm/v3/owners?limit=100&archived=false" + (after == null ? "" : "&after=" + after);
    return call(HttpMethod.GET, path, null)
        .compose(
            r -> {
              JsonObject body = CrmReplies.jsonObject(r);
              body.getJsonArray("results", new JsonArray()).forEach(o -> into.add((JsonObject) o));
              JsonObject next =
                  body.getJsonObject("paging", new JsonObject()).getJsonObject("next");
              String cursor = next == null ? null : next.getString("after");
              return cursor == null || !cursor.matches("[A-Za-z0-9_-]{1,200}")
                  ? Future.succeededFuture(into)
                  : ownersPage(cursor, into);
            });
  }

  /** Current owners of contacts ("" = none); contacts not found are absent. */
  public Future<Map<String, String>> ownersOf(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    JsonArray inputs = new JsonArray();
    ids.forEach(
        id -> {
          requireId(id);
          inputs.add(new JsonObject().put("id", id));
        });
    JsonObject body =
        new JsonObject()
            .put("properties", new JsonArray().add(OWNER_PROPERTY))
            .put("inputs", inputs);
    // 200 when all were found; 207 Multi-Status with "errors" naming the missing ones.
    return call(HttpMethod.POST, "/crm/v3/objects/contacts/batch/read", body)
        .map(
            r -> {
              Map<String, String> owners = new LinkedHashMap<>();
              for (Object o : CrmReplies.jsonObject(r).getJsonArray("results", new JsonArray())) {
                JsonObject c = (JsonObject) o;
                String owner =
                    c.getJsonObject("properties", new JsonObject()).getString(OWNER_PROPERTY);
                owners.put(c.getString("id"), owner == null ? "" : owner);
              }
              return owners;
            });
  }

  /**
   * Sets {@code hubspot_owner_id} of each contact; answers the failure of each contact that failed.
   * The batch endpoint is all or nothing, so when HubSpot refuses a batch each contact is tried
   * alone to find the one it objects to.
   */
  public Future<Map<String, CrmFailure>> setOwners(Map<String, String> owners) {
    if (owners.size() > MAX_BATCH) {
      throw new IllegalArgumentException("at most " + MAX_BATCH + " contacts per call");
    }
    owners.forEach(
        (id, owner) -> {
          requireId(id);
          requireId(owner);
        });
    if (owners.size() == 1) {
      Map.Entry<String, String> only = owners.entrySet().iterator().next();
      return setOne(only.getKey(), only.getValue());
    }
    JsonArray inputs = new JsonArray();
    owners.forEach(
        (id, owner) ->
            inputs.add(
                new JsonObject()
                    .put("id", id)
                    .put("properties", new JsonObject().put(OWNER_PROPERTY, owner))));
    return call(
            HttpMethod.POST,
            "/crm/v3/objects/contacts/batch/update",
            new JsonObject().put("inputs", inputs))
        .map(r -> Map.<String, CrmFailure>of())
        .recover(
            e -> {
              if (!(e instanceof CrmFailure f) || !f.permanent()) {
                return Future.failedFuture(e);
              }
              List<Future<Map<String, CrmFailure>>> singles = new ArrayList<>();
              owners.forEach((id, owner) -> singles.add(setOne(id, owner)));
              return Future.all(singles)
                  .map(
                      all -> {
                        Map<String, CrmFailure> failures = new LinkedHashMap<>();
                        singles.forEach(s -> failures.putAll(s.result()));
                        return failures;
                      });
            });
  }

  private Future<Map<String, CrmFailure>> setOne(String id, String owner) {
    JsonObject body =
        new JsonObject().put("properties", new JsonObject().put(OWNER_PROPERTY, owner));
    return call(HttpMethod.PATCH, "/crm/v3/objects/contacts/" + id, body)
        .map(r -> Map.<String, CrmFailure>of())
        .recover(
            e ->
                e instanceof CrmFailure f && f.permanent()
                    ? Future.succeededFuture(Map.of(id, f))
                    : Future.failedFuture(e));
  }

  /** HubSpot-defined association type "task to contact". */
  static final int TASK_TO_CONTACT = 204;

  /**
   * Creates a to-do task ({@code POST /crm/v3/objects/tasks}) for {@code ownerId}, associated with
   * the contact; answers the task's id. Not idempotent: a caller that may repeat it looks for the
   * task first ({@link #findTask}).
   */
  public Future<String> createTask(
      String contactId, String ownerId, String subject, String body, Instant due) {
    requireId(contactId);
    requireId(ownerId);
    JsonObject properties =
        new JsonObject()
            .put("hs_timestamp", due.toString())
            .put("hs_task_subject", subject)
            .put("hs_task_body", body)
            .put("hs_task_status", "NOT_STARTED")
            .put("hs_task_type", "TODO")
            .put(OWNER_PROPERTY, ownerId);
    JsonArray associations =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("to", new JsonObject().put("id", contactId))
                    .put(
                        "types",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("associationCategory", "HUBSPOT_DEFINED")
                                    .put("associationTypeId", TASK_TO_CONTACT))));
    return call(
            HttpMethod.POST,
            "/crm/v3/objects/tasks",
            new JsonObject().put("properties", properties).put("associations", associations))
        .map(
            r -> {
              JsonObject created = CrmReplies.jsonObject(r);
              String id = created == null ? null : created.getString("id");
              if (id == null) {
                throw CrmFailure.transientFailure("HubSpot created a task without an id", true);
              }
              return id;
            });
  }

  /**
   * The id of a task of {@code ownerId} with exactly this subject; null if there is none. HubSpot's
   * search index trails writes by a few seconds, so a caller asks only well after a create.
   */
  public Future<String> findTask(String ownerId, String subject) {
    requireId(ownerId);
    JsonArray filters =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("propertyName", "hs_task_subject")
                    .put("operator", "EQ")
                    .put("value", subject))
            .add(
                new JsonObject()
                    .put("propertyName", OWNER_PROPERTY)
                    .put("operator", "EQ")
                    .put("value", ownerId));
    JsonObject search =
        new JsonObject()
            .put("filterGroups", new JsonArray().add(new JsonObject().put("filters", filters)))
            .put("properties", new JsonArray().add("hs_task_subject"))
            .put("limit", 1);
    return call(HttpMethod.POST, "/crm/v3/objects/tasks/search", search)
        .map(
            r -> {
              JsonObject found = CrmReplies.jsonObject(r);
              JsonArray results =
                  found == null ? new JsonArray() : found.getJsonArray("results", new JsonArray());
              return results.isEmpty() ? null : results.getJsonObject(0).getString("id");
            });
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body) {
    Instant now = clock.instant();
    Duration paused = Duration.between(now, pausedUntil);
    if (!paused.isNegative() && !paused.isZero()) {
      // HubSpot told us to wait: do not spend calls that would only come back 429.
      return Future.failedFuture(
          new CrmFailure(
              CrmFailure.Kind.RATE_LIMITED, 429, "", "HubSpot rate limit: waiting", paused, false));
    }
    Duration wait = window.reserve(now);
    if (wait.isZero()) {
      return send(method, path, body);
    }
    Promise<HttpResponse<Buffer>> later = Promise.promise();
    vertx.setTimer(Math.max(1, wait.toMillis()), t -> send(method, path, body).onComplete(later));
    return later.future();
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request =
        http.requestAbs(method, config.apiUrl().toString().replaceAll("/$", "") + path)
            .timeout(config.timeout().toMillis())
            .putHeader("Authorization", "Bearer " + config.accessToken())
            .putHeader("Accept", "application/json");
    return (body == null ? request.send() : request.sendJsonObject(body))
        .recover(e -> Future.failedFuture(CrmReplies.ofException("HubSpot", e)))
        .compose(
            r -> {
              if (r.statusCode() / 100 == 2) {
                return Future.succeededFuture(r);
              }
              CrmFailure f = CrmReplies.hubspot(r, clock);
              if (f.kind() == CrmFailure.Kind.RATE_LIMITED && f.retryAfter() != null) {
                pausedUntil = clock.instant().plus(f.retryAfter());
              }
              return Future.failedFuture(f);
            });
  }

  private static void requireId(String id) {
    if (!isId(id)) {
      throw new IllegalArgumentException("not a HubSpot id");
    }
  }

  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }
}
