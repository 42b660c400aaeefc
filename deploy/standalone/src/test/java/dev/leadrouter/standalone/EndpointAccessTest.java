package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every gRPC method and HTTP route of the four services, enumerated from what they registered,
 * refuses a call without a key (401 / UNAUTHENTICATED) and a key whose role does not grant the
 * endpoint's (403 / PERMISSION_DENIED), and lets a key with the role through. A method of a served
 * gRPC service without a declared role, or a route added to a router around {@link DeclaredRoutes},
 * fails this test: so no endpoint ships without one.
 */
class EndpointAccessTest {
  private static final String FORM_KEY = "form-caller-key-0123456789";

  /** One key per role; the ingest key is not bound to any source. */
  private static final Map<Role, String> KEYS =
      Map.of(
          Role.INGEST, TestSettings.CLIENT_KEY,
          Role.READ, TestSettings.READ_KEY,
          Role.ADMIN, TestSettings.ADMIN_KEY,
          Role.INTERNAL, TestSettings.INTERNAL_KEY);

  private static StackFixture fixture;
  private static Stack stack;
  private static WebClient web;
  private static GrpcClient grpc;

  @BeforeAll
  static void start() throws Exception {
    fixture =
        new StackFixture(
            Map.of(
                "CAPTURE_SOURCES_FILE",
                Path.of("src/test/resources/access-sources.yaml").toAbsolutePath().toString(),
                "ACCESS_TEST_HOOK_SECRET",
                "access-test-hook-secret-0123456789",
                "LEADROUTER_INGEST_API_KEYS",
                "test-client:" + TestSettings.CLIENT_KEY + ",form-caller:" + FORM_KEY,
                "SLA_WEBHOOK_SECRET",
                "access-test-sla-secret-0123456789"));
    stack = StackFixture.await(new Stack(fixture.vertx, fixture.settings).deploy());
    web = WebClient.create(fixture.vertx);
    grpc = GrpcClient.client(fixture.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static Map<String, ServiceEndpoints> services() {
    Map<String, ServiceEndpoints> all = new LinkedHashMap<>();
    all.put("capture", stack.capture.endpoints());
    all.put("routing", stack.routing.endpoints());
    all.put("notify", stack.notify.endpoints());
    all.put("sla", stack.sla.endpoints());
    return all;
  }

  @Test
  void everyGrpcMethodDeclaresARoleAndIsRefusedWithoutIt() throws Exception {
    int methods = 0;
    List<String> failures = new ArrayList<>();
    for (var service : services().entrySet()) {
      ServiceEndpoints endpoints = service.getValue();
      SocketAddress address = SocketAddress.inetSocketAddress(endpoints.grpcPort(), "127.0.0.1");
      for (Descriptors.ServiceDescriptor descriptor : endpoints.grpcServices()) {
        for (Descriptors.MethodDescriptor method : descriptor.getMethods()) {
          methods++;
          String name = descriptor.getFullName() + "/" + method.getName();
          Role role = endpoints.grpcRoles().get(name);
          if (role == null) {
            failures.add(name + " has no declared role");
            continue;
          }
          expect(failures, name, "no key", call(address, name, null), GrpcStatus.UNAUTHENTICATED);
          expect(
              failures,
              name,
              "an unknown key",
              call(address, name, "not-a-configured-key-0123456789"),
              GrpcStatus.UNAUTHENTICATED);
          for (Role keyRole : Role.values()) {
            GrpcStatus status = call(address, name, KEYS.get(keyRole));
            if (keyRole.grants(role)) {
              if (status == GrpcStatus.UNAUTHENTICATED || status == GrpcStatus.PERMISSION_DENIED) {
                failures.add(name + " refused a " + keyRole.label() + " key: " + status);
              }
            } else {
              expect(
                  failures,
                  name,
                  "a " + keyRole.label() + " key",
                  status,
                  GrpcStatus.PERMISSION_DENIED);
            }
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(methods).as("gRPC methods enumerated").isGreaterThanOrEqualTo(25);
  }

  @Test
  void everyHttpRouteDeclaresItsAccessAndIsRefusedWithoutIt() throws Exception {
    List<String> failures = new ArrayList<>();
    int routes = 0;
    for (var service : services().entrySet()) {
      ServiceEndpoints endpoints = service.getValue();
      for (Route route : endpoints.registeredHttpRoutes()) {
        for (HttpMethod method : route.methods()) {
          boolean declared =
              endpoints.httpRoutes().stream()
                  .anyMatch(d -> d.method().equals(method) && d.path().equals(route.getPath()));
          if (!declared) {
            failures.add(service.getKey() + " " + method + " " + route.getPath() + " undeclared");
          }
        }
      }
      for (DeclaredRoutes.Declared route : endpoints.httpRoutes()) {
        routes++;
        checkRoute(failures, endpoints.httpPort(), route);
      }
      for (DeclaredRoutes.Declared route : endpoints.managementRoutes()) {
        assertThat(route.access().kind()).isEqualTo(Access.Kind.MANAGEMENT);
        if (endpoints.httpPort() > 0) {
          int status = send(endpoints.httpPort(), route.method(), route.path(), null, null);
          if (status != 404) {
            failures.add(route.path() + " answered " + status + " on a public port");
          }
        }
        int status = send(endpoints.managementPort(), route.method(), route.path(), null, null);
        if (status != 200) {
          failures.add(route.path() + " answered " + status + " on the management port");
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(routes).as("public HTTP routes enumerated").isGreaterThanOrEqualTo(8);
  }

  private void checkRoute(List<String> failures, int port, DeclaredRoutes.Declared route)
      throws Exception {
    String what = route.method() + " " + route.path();
    String path = concrete(route.path());
    String type = contentType(route.path());
    switch (route.access().kind()) {
      case API_KEY -> {
        expect(failures, what, "no key", send(port, route.method(), path, null, type), 401);
        for (Role keyRole : Role.values()) {
          int status = send(port, route.method(), path, KEYS.get(keyRole), type);
          if (keyRole.grants(route.access().role())) {
            if (status == 401 || status == 403) {
              failures.add(what + " refused a " + keyRole.label() + " key: " + status);
            }
          } else {
            expect(failures, what, "a " + keyRole.label() + " key", status, 403);
          }
        }
      }
      case SOURCE -> {
        expect(failures, what, "no key", send(port, route.method(), path, null, type), 401);
        if (path.contains("signed-hook")) {
          // A signed source: no key stands in for the signature.
          for (Role keyRole : Role.values()) {
            expect(
                failures,
                what,
                "a " + keyRole.label() + " key and no signature",
                send(port, route.method(), path, KEYS.get(keyRole), type),
                401);
          }
          return;
        }
        for (Role keyRole : Role.values()) {
          if (keyRole != Role.INGEST) {
            expect(
                failures,
                what,
                "a " + keyRole.label() + " key",
                send(port, route.method(), path, KEYS.get(keyRole), type),
                403);
          }
        }
        if (path.contains("bound-form")) {
          expect(
              failures,
              what,
              "another caller's ingest key",
              send(port, route.method(), path, TestSettings.CLIENT_KEY, type),
              403);
        }
      }
      case SIGNED ->
          expect(failures, what, "no signature", send(port, route.method(), path, null, type), 401);
      case MANAGEMENT -> failures.add(what + " is a management route on a public port");
    }
  }

  /** Path parameters filled in with values that reach the handler. */
  private static String concrete(String path) {
    if (path.startsWith("/v1/forms/")) {
      return "/v1/forms/bound-form";
    }
    if (path.startsWith("/v1/webhooks/")) {
      return "/v1/webhooks/signed-hook";
    }
    return path.replace(":leadId", UUID.randomUUID().toString());
  }

  private static String contentType(String path) {
    if (path.startsWith("/v1/forms/")) {
      return "application/x-www-form-urlencoded";
    }
    if (path.equals("/v1/leads/import")) {
      return "text/csv";
    }
    return "application/json";
  }

  private static void expect(
      List<String> failures, String what, String with, Object actual, Object expected) {
    if (!expected.equals(actual)) {
      failures.add(what + " with " + with + ": expected " + expected + ", got " + actual);
    }
  }

  private static int send(int port, HttpMethod method, String path, String key, String type)
      throws Exception {
    HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path);
    if (key != null) {
      request.putHeader("Authorization", "Bearer " + key);
    }
    if (type != null) {
      request.putHeader("Content-Type", type);
    }
    String body = "application/x-www-form-urlencoded".equals(type) ? "email=a%40b.example" : "{}";
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE) {
      return StackFixture.await(request.send()).statusCode();
    }
    if ("text/csv".equals(type)) {
      body = "email\na@b.example\n";
    }
    return StackFixture.await(request.sendBuffer(Buffer.buffer(body))).statusCode();
  }

  /** Calls a method by name with an empty message (valid for every message type). */
  private static GrpcStatus call(SocketAddress address, String fullMethodName, String key)
      throws Exception {
    GrpcClientResponse<Buffer, Buffer> response =
        StackFixture.await(
            grpc.request(address)
                .compose(
                    request -> {
                      request.fullMethodName(fullMethodName);
                      request.timeout(10, TimeUnit.SECONDS);
                      if (key != null) {
                        request.headers().set("authorization", "Bearer " + key);
                      }
                      return request.end(Buffer.buffer()).compose(v -> request.response());
                    }));
    StackFixture.await(response.end().otherwiseEmpty());
    return response.status();
  }
}
