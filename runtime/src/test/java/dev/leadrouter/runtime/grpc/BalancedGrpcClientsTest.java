package dev.leadrouter.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls to one service name spread over every replica the name resolves to, and follow changes. */
class BalancedGrpcClientsTest {
  private static final String KEY = "balanced-test-key-0123456789";
  private Vertx vertx;
  private int port;
  private final Map<String, AtomicInteger> callsPerReplica = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  /** A tiny RoutingService replica answering GetRep with the address it listens on. */
  private HttpServer replica(String ip) throws Exception {
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.addService(
        new GrpcServiceBinding(
                RoutingServiceGrpcService.SERVICE_NAME,
                RoutingServiceGrpcService.SERVICE_DESCRIPTOR,
                ApiKeys.of(Role.INTERNAL, Map.of("internal", KEY)))
            .unary(
                RoutingServiceGrpcService.GetRep,
                Role.READ,
                (GetRepRequest r) -> {
                  callsPerReplica.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
                  return Future.succeededFuture(Rep.newBuilder().setRepId(ip).build());
                }));
    return await(
        vertx
            .createHttpServer(new HttpServerOptions().setHost(ip))
            .requestHandler(grpc)
            .listen(port));
  }

  @Test
  void callsAreSpreadOverEveryResolvedReplicaAndFollowScaling() throws Exception {
    replica("127.0.0.1");
    replica("127.0.0.2");
    HttpServer third = replica("127.0.0.3");
    AtomicReference<List<String>> dns = new AtomicReference<>(List.of("127.0.0.1", "127.0.0.2"));
    BalancedGrpcClients clients =
        new BalancedGrpcClients(
            vertx,
            host -> {
              assertThat(host).isEqualTo("routing-service-headless");
              List<InetAddress> out = new ArrayList<>();
              for (String ip : dns.get()) {
                out.add(loopback(ip));
              }
              return Future.succeededFuture(out);
            },
            Duration.ofMillis(100));
    ServiceAddress routing = new ServiceAddress("routing-service-headless", port);
    await(clients.prepare(List.of(routing)));
    var client = clients.client();

    for (int i = 0; i < 40; i++) {
      await(
          GrpcCalls.unary(
              client,
              routing,
              KEY,
              RoutingServiceGrpcClient.GetRep,
              GetRepRequest.getDefaultInstance(),
              Duration.ofSeconds(5)));
    }
    assertThat(callsPerReplica).containsOnlyKeys("127.0.0.1", "127.0.0.2");
    assertThat(callsPerReplica.get("127.0.0.1").get()).isEqualTo(20);

    // Scale out: a third pod appears in DNS and starts taking calls.
    dns.set(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> clients.replicasOf(routing).size() == 3);
    callsPerReplica.clear();
    for (int i = 0; i < 30; i++) {
      await(
          GrpcCalls.unary(
              client,
              routing,
              KEY,
              RoutingServiceGrpcClient.GetRep,
              GetRepRequest.getDefaultInstance(),
              Duration.ofSeconds(5)));
    }
    assertThat(callsPerReplica.get("127.0.0.3").get()).isEqualTo(10);

    // Scale in: the pod leaves DNS; no call goes to it after the refresh.
    dns.set(List.of("127.0.0.1", "127.0.0.2"));
    await(third.close());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> clients.replicasOf(routing).size() == 2);
    callsPerReplica.clear();
    for (int i = 0; i < 10; i++) {
      await(
          GrpcCalls.unary(
              client,
              routing,
              KEY,
              RoutingServiceGrpcClient.GetRep,
              GetRepRequest.getDefaultInstance(),
              Duration.ofSeconds(5)));
    }
    assertThat(callsPerReplica).containsOnlyKeys("127.0.0.1", "127.0.0.2");
    clients.close();
  }

  @Test
  void parsesHostAndPort() {
    assertThat(ServiceAddress.parse("routing-service:9102"))
        .isEqualTo(new ServiceAddress("routing-service", 9102));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServiceAddress.parse("routing-service"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static InetAddress loopback(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
