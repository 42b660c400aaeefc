package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.CaptureServiceGrpcService;
import dev.leadrouter.v1.NotifyServiceGrpcService;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import dev.leadrouter.v1.SlaServiceGrpcService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every RPC over HTTP/JSON against the four real services: the routes the google.api.http rules
 * declare are served and listed in each service's /openapi.json, every route asks for an API key,
 * and each resource round-trips (leads, reps with a field mask, matrix validate/publish/simulate,
 * assignments, clocks, deliveries, dead letters), errors as problem+json with field paths.
 */
class HttpJsonApiTest {
  private static StackFixture fixture;
  private static Stack stack;
  private static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
    stack = fixture.deployWithExamples();
    web = WebClient.create(fixture.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static Map<String, Integer> httpPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("capture", stack.capture.httpPort());
    ports.put("routing", stack.routing.httpPort());
    ports.put("notify", stack.notify.httpPort());
    ports.put("sla", stack.sla.httpPort());
    return ports;
  }

  private static Map<String, Descriptors.ServiceDescriptor> contracts() {
    return Map.of(
        "capture", CaptureServiceGrpcService.SERVICE_DESCRIPTOR,
        "routing", RoutingServiceGrpcService.SERVICE_DESCRIPTOR,
        "notify", NotifyServiceGrpcService.SERVICE_DESCRIPTOR,
        "sla", SlaServiceGrpcService.SERVICE_DESCRIPTOR);
  }

  /** (METHOD, path) of every rule in the contract, additional bindings included. */
  private static List<String[]> declaredRoutes(Descriptors.ServiceDescriptor service) {
    List<String[]> routes = new ArrayList<>();
    for (Descriptors.MethodDescriptor m : service.getMethods()) {
      if (m.isClientStreaming() || m.isServerStreaming()) {
        continue;
      }
      assertThat(m.getOptions().hasExtension(AnnotationsProto.http))
          .as("%s has a google.api.http rule", m.getFullName())
          .isTrue();
      HttpRule rule = m.getOptions().getExtension(AnnotationsProto.http);
      routes.add(route(rule));
      rule.getAdditionalBindingsList().forEach(extra -> routes.add(route(extra)));
    }
    return routes;
  }

  private static String[] route(HttpRule rule) {
    return switch (rule.getPatternCase()) {
      case GET -> new String[] {"GET", rule.getGet()};
      case POST -> new String[] {"POST", rule.getPost()};
      case PUT -> new String[] {"PUT", rule.getPut()};
      case PATCH -> new String[] {"PATCH", rule.getPatch()};
      case DELETE -> new String[] {"DELETE", rule.getDelete()};
      default -> throw new AssertionError("unexpected rule " + rule);
    };
  }

  @Test
  void openApiListsEveryRouteAndEveryRouteNeedsAKey() throws Exception {
    for (var service : httpPorts().entrySet()) {
      int port = service.getValue();
      JsonObject doc =
          StackFixture.await(web.get(port, "127.0.0.1", "/openapi.json").send()).bodyAsJsonObject();
      assertThat(doc.getString("openapi")).startsWith("3.");
      JsonObject paths = doc.getJsonObject("paths");
      List<String[]> declared = declaredRoutes(contracts().get(service.getKey()));
      int listed = paths.stream().mapToInt(p -> ((JsonObject) p.getValue()).size()).sum();
      assertThat(listed).as("routes listed by %s", service.getKey()).isEqualTo(declared.size());
      for (String[] r : declared) {
        assertThat(paths.getJsonObject(r[1]))
            .as("%s lists %s %s", service.getKey(), r[0], r[1])
            .isNotNull();
        assertThat(paths.getJsonObject(r[1]).getJsonObject(r[0].toLowerCase())).isNotNull();
        // Without a key every route is refused before anything runs; with issue 11's roles the
        // same check (one place, GrpcServiceBinding) covers the role each RPC declares.
        String concrete = r[1].replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
        HttpResponse<Buffer> anonymous =
            StackFixture.await(
                web.request(HttpMethod.valueOf(r[0]), port, "127.0.0.1", concrete)
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer("{}")));
        assertThat(anonymous.statusCode()).as("%s %s without a key", r[0], r[1]).isEqualTo(401);
        assertThat(anonymous.getHeader("content-type")).isEqualTo("application/problem+json");
      }
    }
  }

  /**
   * The HTTP route of an RPC is authorized by the role the RPC declares (one check, in the gRPC
   * server): a key whose role does not grant it gets 403 problem+json and nothing runs. The routes
   * come from the contracts, the roles from what the running services registered, so a new RPC is
   * covered without touching this test.
   */
  @Test
  void everyHttpRouteRefusesAKeyWhoseRoleDoesNotGrantItsRpc() throws Exception {
    Map<Role, String> keys =
        Map.of(
            Role.INGEST, TestSettings.CLIENT_KEY,
            Role.READ, TestSettings.READ_KEY,
            Role.ADMIN, TestSettings.ADMIN_KEY,
            Role.INTERNAL, TestSettings.INTERNAL_KEY);
    Map<String, ServiceEndpoints> endpoints =
        Map.of(
            "capture", stack.capture.endpoints(),
            "routing", stack.routing.endpoints(),
            "notify", stack.notify.endpoints(),
            "sla", stack.sla.endpoints());
    List<String> failures = new ArrayList<>();
    int refusals = 0;
    for (var service : httpPorts().entrySet()) {
      ServiceEndpoints served = endpoints.get(service.getKey());
      for (Descriptors.MethodDescriptor m : contracts().get(service.getKey()).getMethods()) {
        if (m.isClientStreaming() || m.isServerStreaming()) {
          continue;
        }
        Role needed = served.grpcRoles().get(m.getService().getFullName() + "/" + m.getName());
        if (needed == null) {
          failures.add(m.getFullName() + " has no role");
          continue;
        }
        HttpRule rule = m.getOptions().getExtension(AnnotationsProto.http);
        List<String[]> routes = new ArrayList<>();
        routes.add(route(rule));
        rule.getAdditionalBindingsList().forEach(extra -> routes.add(route(extra)));
        for (String[] r : routes) {
          String concrete = r[1].replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
          for (var key : keys.entrySet()) {
            if (key.getKey().grants(needed)) {
              continue;
            }
            refusals++;
            HttpResponse<Buffer> answer =
                StackFixture.await(
                    web.request(HttpMethod.valueOf(r[0]), service.getValue(), "127.0.0.1", concrete)
                        .putHeader("Authorization", "Bearer " + key.getValue())
                        .putHeader("content-type", "application/json")
                        .sendBuffer(Buffer.buffer("{}")));
            if (answer.statusCode() != 403
                || !"application/problem+json".equals(answer.getHeader("content-type"))) {
              failures.add(
                  r[0]
                      + " "
                      + r[1]
                      + " ("
                      + needed.label()
                      + ") with a "
                      + key.getKey().label()
                      + " key: "
                      + answer.statusCode());
            }
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(refusals).as("refusals checked").isGreaterThan(60);
  }

  @Test
  void brokenMatrixIsRefusedWithPathsAndAGoodOneIsValidatedPublishedAndSimulated()
      throws Exception {
    int routing = stack.routing.httpPort();
    var broken =
        call(
            routing,
            HttpMethod.POST,
            "/v1/matrix:validate",
            new JsonObject()
                .put("format", "MATRIX_FORMAT_YAML")
                .put("source", "queues:\n  - id: q\n    strategy: nope\n    members: [ghost]\n"));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.getHeader("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = broken.bodyAsJsonObject();
    assertThat(problem.getString("grpcStatus")).isEqualTo("INVALID_ARGUMENT");
    assertThat(problem.getJsonArray("errors")).isNotEmpty();
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("queues[0].strategy");

    String matrix =
        java.nio.file.Files.readString(java.nio.file.Path.of("../../examples/routing-matrix.yaml"));
    JsonObject publishRequest =
        new JsonObject()
            .put("format", "MATRIX_FORMAT_YAML")
            .put("source", matrix)
            .put("comment", "over HTTP")
            .put("publishedBy", "ops@example.com");
    var validated = call(routing, HttpMethod.POST, "/v1/matrix:validate", publishRequest);
    assertThat(validated.statusCode()).isEqualTo(200);
    assertThat(validated.bodyAsJsonObject().getString("version", "0")).isEqualTo("0");

    var published = call(routing, HttpMethod.POST, "/v1/matrix:publish", publishRequest);
    assertThat(published.statusCode()).isEqualTo(200);
    String version = published.bodyAsJsonObject().getString("version");
    var active = call(routing, HttpMethod.GET, "/v1/matrix", null).bodyAsJsonObject();
    assertThat(active.getString("version")).isEqualTo(version);
    assertThat(active.getString("comment")).isEqualTo("over HTTP");
    var byNumber = call(routing, HttpMethod.GET, "/v1/matrix/versions/" + version, null);
    assertThat(byNumber.bodyAsJsonObject().getBoolean("active")).isTrue();
    var history =
        call(routing, HttpMethod.GET, "/v1/matrix/versions?page.page_size=1", null)
            .bodyAsJsonObject();
    assertThat(history.getJsonArray("versions")).hasSize(1);
    assertThat(history.getString("nextPageToken")).isNotBlank();

    var simulated =
        call(
            routing,
            HttpMethod.POST,
            "/v1/matrix:simulate",
            new JsonObject().put("lead", lead("FR", "00000000-0000-4000-8000-000000000001")));
    assertThat(simulated.statusCode()).isEqualTo(200);
    JsonObject assignment = simulated.bodyAsJsonObject().getJsonObject("assignment");
    assertThat(assignment.getString("queueId")).isEqualTo("emea");
    assertThat(assignment.getString("repId")).isIn("chloe", "dmitri");
  }

  /**
   * A batch answers each item on its own, and an item's error prints its google.rpc details in JSON
   * (protobuf's default JSON printer refuses an Any it has no type for).
   */
  @Test
  void aBatchRouteOverHttpAnswersEachLeadWithAnItemErrorInJson() throws Exception {
    var answered =
        call(
            stack.routing.httpPort(),
            HttpMethod.POST,
            "/v1/assignments:batchRoute",
            new JsonObject()
                .put(
                    "requests",
                    new io.vertx.core.json.JsonArray()
                        .add(
                            new JsonObject()
                                .put("lead", lead("FR", java.util.UUID.randomUUID().toString())))
                        .add(
                            new JsonObject()
                                .put("normalize", true)
                                .put("lead", lead("FR", java.util.UUID.randomUUID().toString())))));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
    var results = answered.bodyAsJsonObject().getJsonArray("results");
    assertThat(results).hasSize(2);
    assertThat(results.getJsonObject(0).getJsonObject("assignment").getString("repId"))
        .isNotBlank();
    JsonObject error = results.getJsonObject(1).getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(3);
    JsonObject detail = error.getJsonArray("details").getJsonObject(0);
    assertThat(detail.getString("@type")).isEqualTo("type.googleapis.com/google.rpc.BadRequest");
    assertThat(detail.getJsonArray("fieldViolations").getJsonObject(0).getString("field"))
        .isEqualTo("normalize");
  }

  @Test
  void repsArePatchedFieldByField() throws Exception {
    int routing = stack.routing.httpPort();
    Instant start = Instant.now().minusSeconds(60);
    JsonObject ooo =
        new JsonObject()
            .put(
                "outOfOffice",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("start", start.toString())
                            .put("end", start.plus(Duration.ofDays(7)).toString())
                            .put("note", "vacation")));
    var patched = call(routing, HttpMethod.PATCH, "/v1/reps/bob?update_mask=out_of_office", ooo);
    assertThat(patched.statusCode()).isEqualTo(200);
    JsonObject bob = call(routing, HttpMethod.GET, "/v1/reps/bob", null).bodyAsJsonObject();
    assertThat(bob.getJsonArray("outOfOffice")).hasSize(1);
    assertThat(bob.getString("email"))
        .as("fields not in the mask stay")
        .isEqualTo("bob@example.com");
    assertThat(bob.getString("displayName")).isEqualTo("Bob Brown");

    // No mask: the fields the body sets.
    var away =
        call(
            routing,
            HttpMethod.PATCH,
            "/v1/reps/bob",
            new JsonObject().put("status", "REP_STATUS_AWAY"));
    assertThat(away.bodyAsJsonObject().getString("status")).isEqualTo("REP_STATUS_AWAY");
    assertThat(away.bodyAsJsonObject().getJsonArray("outOfOffice")).hasSize(1);

    // Clearing by naming the field with no value, and the status back.
    var back =
        call(
            routing,
            HttpMethod.PATCH,
            "/v1/reps/bob?update_mask=out_of_office,status",
            new JsonObject().put("status", "REP_STATUS_AVAILABLE"));
    assertThat(back.bodyAsJsonObject().getJsonArray("outOfOffice")).isNull();
    assertThat(back.bodyAsJsonObject().getString("status")).isEqualTo("REP_STATUS_AVAILABLE");

    var badMask =
        call(routing, HttpMethod.PATCH, "/v1/reps/bob?update_mask=colour", new JsonObject());
    assertThat(badMask.statusCode()).isEqualTo(400);
    assertThat(
            badMask.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("update_mask");
    var invalid =
        call(
            routing,
            HttpMethod.PATCH,
            "/v1/reps/bob?update_mask=email",
            new JsonObject().put("email", "not-an-email"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(
            invalid.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("rep.email");
    // A lone surrogate can only arrive as a JSON escape: still refused, naming the field.
    var lone =
        StackFixture.await(
            web.request(HttpMethod.PATCH, routing, "127.0.0.1", "/v1/reps/bob")
                .putHeader("Authorization", "Bearer " + TestSettings.INTERNAL_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"displayName\":\"Bob\\ud800\"}")));
    assertThat(lone.statusCode()).isEqualTo(400);
    assertThat(lone.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("rep.display_name");
    var unknown =
        call(
            routing,
            HttpMethod.PATCH,
            "/v1/reps/nobody",
            new JsonObject().put("status", "REP_STATUS_AWAY"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    var notJson =
        call(routing, HttpMethod.PATCH, "/v1/reps/bob", new JsonObject().put("colour", "red"));
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.bodyAsJsonObject().getString("detail")).contains("colour");

    var list = call(routing, HttpMethod.GET, "/v1/reps?page.page_size=2", null).bodyAsJsonObject();
    assertThat(list.getJsonArray("reps")).hasSize(2);
    var wrongMethod = call(routing, HttpMethod.DELETE, "/v1/reps/bob", null);
    assertThat(wrongMethod.statusCode()).isIn(404, 405);
  }

  @Test
  void aCapturedLeadIsReadFromItsLocationFollowedAndErased() throws Exception {
    int capture = stack.capture.httpPort();
    var accepted =
        StackFixture.await(
            web.post(capture, "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .sendJsonObject(
                    new JsonObject()
                        .put(
                            "contact",
                            new JsonObject()
                                .put("email", "jane.doe@acme-http.example")
                                .put("firstName", "Jane"))
                        .put("location", new JsonObject().put("countryCode", "US"))));
    assertThat(accepted.statusCode()).isEqualTo(202);
    String location = accepted.getHeader("Location");
    String leadId = location.substring(location.lastIndexOf('/') + 1);

    var lead = call(capture, HttpMethod.GET, location, null);
    assertThat(lead.statusCode()).isEqualTo(200);
    assertThat(lead.bodyAsJsonObject().getJsonObject("contact").getString("email"))
        .isEqualTo("jane.doe@acme-http.example");

    int routing = stack.routing.httpPort();
    JsonObject assignment =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> call(routing, HttpMethod.GET, "/v1/leads/" + leadId + "/assignment", null),
                r -> r.statusCode() == 200)
            .bodyAsJsonObject();
    String assignmentId = assignment.getString("assignmentId");
    var listed =
        call(routing, HttpMethod.GET, "/v1/assignments?lead_id=" + leadId, null).bodyAsJsonObject();
    assertThat(listed.getJsonArray("assignments")).hasSize(1);
    assertThat(call(routing, HttpMethod.GET, "/v1/assignments/" + assignmentId, null).statusCode())
        .isEqualTo(200);

    int sla = stack.sla.httpPort();
    var clock =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> call(sla, HttpMethod.GET, "/v1/clocks/" + assignmentId, null),
                r -> r.statusCode() == 200);
    assertThat(clock.bodyAsJsonObject().getString("assignmentId")).isEqualTo(assignmentId);
    var report =
        call(
            sla,
            HttpMethod.GET,
            "/v1/reports/speed-to-lead?from="
                + Instant.now().minusSeconds(3600)
                + "&to="
                + Instant.now().plusSeconds(60)
                + "&group_by=REPORT_GROUPING_QUEUE",
            null);
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.bodyAsJsonObject().getJsonArray("rows")).isNotEmpty();

    int notify = stack.notify.httpPort();
    var deliveries =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> call(notify, HttpMethod.GET, "/v1/deliveries?lead_id=" + leadId, null),
                r -> r.bodyAsJsonObject().getJsonArray("deliveries") != null);
    String deliveryId =
        deliveries
            .bodyAsJsonObject()
            .getJsonArray("deliveries")
            .getJsonObject(0)
            .getString("deliveryId");
    assertThat(call(notify, HttpMethod.GET, "/v1/dead-letters", null).statusCode()).isEqualTo(200);
    var notDead =
        call(
            notify, HttpMethod.POST, "/v1/dead-letters/" + deliveryId + ":retry", new JsonObject());
    assertThat(notDead.statusCode()).isEqualTo(400);
    assertThat(notDead.bodyAsJsonObject().getString("grpcStatus")).isEqualTo("FAILED_PRECONDITION");
    var unknown =
        call(
            notify,
            HttpMethod.POST,
            "/v1/dead-letters/00000000-0000-4000-8000-000000000000:retry",
            new JsonObject());
    assertThat(unknown.statusCode()).isEqualTo(404);

    var erased =
        call(
            capture,
            HttpMethod.POST,
            "/v1/leads/" + leadId + ":erase",
            new JsonObject().put("requestedBy", "dpo@example.com").put("reason", "test"));
    assertThat(erased.statusCode()).isEqualTo(200);
    assertThat(erased.bodyAsJsonObject().getJsonArray("erasedLeadIds")).containsExactly(leadId);
    assertThat(call(capture, HttpMethod.GET, location, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theGrpcPortAnswersHttpJsonToo() throws Exception {
    int grpcPort = fixture.ports.get("ROUTING");
    var rep = call(grpcPort, HttpMethod.GET, "/v1/reps/alice", null);
    assertThat(rep.statusCode()).isEqualTo(200);
    assertThat(rep.bodyAsJsonObject().getString("repId")).isEqualTo("alice");
    var nowhere = call(grpcPort, HttpMethod.GET, "/v1/nowhere", null);
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.getHeader("content-type")).isEqualTo("application/problem+json");
  }

  /**
   * The raw grpc-message of a refused call is the spec's encoding: printable ASCII as is, so
   * grpc-js (which decodes with decodeURI) shows "rep.rep_id: 1 to 64 letters, digits", not "%3A
   * ... %2C".
   */
  @Test
  void grpcStatusMessagesAreReadableByEveryClient() throws Exception {
    var client =
        fixture.vertx.createHttpClient(
            new io.vertx.core.http.HttpClientOptions()
                .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    var response =
        StackFixture.await(
            client
                .request(
                    HttpMethod.POST,
                    fixture.ports.get("ROUTING"),
                    "127.0.0.1",
                    "/leadrouter.v1.RoutingService/UpsertRep")
                .compose(
                    req ->
                        req.putHeader("content-type", "application/grpc")
                            .putHeader("te", "trailers")
                            .putHeader("authorization", "Bearer " + TestSettings.INTERNAL_KEY)
                            // one empty (all defaults) UpsertRepRequest, uncompressed
                            .send(Buffer.buffer(new byte[] {0, 0, 0, 0, 0}))
                            .compose(resp -> resp.body().map(body -> resp))));
    String status = response.getHeader("grpc-status");
    String message = response.getHeader("grpc-message");
    if (status == null) {
      status = response.getTrailer("grpc-status");
      message = response.getTrailer("grpc-message");
    }
    assertThat(status).isEqualTo("3");
    assertThat(message)
        .startsWith("rep.rep_id: 1 to 64 letters, digits, '_'")
        .doesNotContain("%3A", "%2C", "%20");
    client.close();
  }

  static JsonObject lead(String country, String leadId) {
    return new JsonObject()
        .put("leadId", leadId)
        .put("contact", new JsonObject().put("email", "sim@example.org"))
        .put("location", new JsonObject().put("countryCode", country));
  }

  private static HttpResponse<Buffer> call(int port, HttpMethod method, String uri, JsonObject body)
      throws Exception {
    HttpRequest<Buffer> request =
        web.request(method, port, "127.0.0.1", uri)
            .putHeader("Authorization", "Bearer " + TestSettings.INTERNAL_KEY);
    return StackFixture.await(body == null ? request.send() : request.sendJsonObject(body));
  }
}
