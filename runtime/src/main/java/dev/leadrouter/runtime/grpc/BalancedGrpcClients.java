package dev.leadrouter.runtime.grpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.AddressResolver;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.endpoint.LoadBalancer;
import io.vertx.grpc.client.GrpcClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC clients that spread calls over every replica of a service, per call, round robin.
 *
 * <p>One HTTP/2 connection carries all of a client's calls, so behind a Kubernetes ClusterIP every
 * call from one pod lands on the same replica and new replicas get nothing. Here a {@link
 * ServiceAddress}'s name is re-resolved every {@code refresh} (all A records of a headless Service)
 * and Vert.x's endpoint load balancer picks a replica per call. Servers still retire connections
 * after a maximum age as a second line of defence.
 */
public final class BalancedGrpcClients {
  private static final Logger log = LoggerFactory.getLogger(BalancedGrpcClients.class);

  private final Vertx vertx;
  private final Function<String, Future<List<InetAddress>>> lookup;
  private final Map<ServiceAddress, List<SocketAddress>> replicas = new ConcurrentHashMap<>();
  private final long timerId;

  /**
   * @param lookup resolves a host name to all its addresses; {@link #systemLookup(Vertx)} in
   *     production
   */
  public BalancedGrpcClients(
      Vertx vertx, Function<String, Future<List<InetAddress>>> lookup, Duration refresh) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.timerId = vertx.setPeriodic(refresh.toMillis(), id -> refreshAll());
  }

  /**
   * Clients resolving with the system resolver every {@code LEADROUTER_GRPC_RESOLVE_INTERVAL}
   * (default 5s).
   */
  public static BalancedGrpcClients from(
      Vertx vertx, dev.leadrouter.runtime.config.Settings settings) {
    return new BalancedGrpcClients(
        vertx,
        systemLookup(vertx),
        settings.duration("LEADROUTER_GRPC_RESOLVE_INTERVAL", Duration.ofSeconds(5)));
  }

  /**
   * The JVM's resolver (hosts file, DNS), run on a worker thread because it blocks. When a name has
   * both IPv4 and IPv6 addresses ("localhost"), only the family the JVM prefers is kept: servers
   * often listen on one family only.
   */
  public static Function<String, Future<List<InetAddress>>> systemLookup(Vertx vertx) {
    return host ->
        vertx.executeBlocking(
            () -> {
              List<InetAddress> all = Arrays.asList(InetAddress.getAllByName(host));
              Class<?> family = all.get(0).getClass();
              return all.stream().filter(family::isInstance).toList();
            },
            false);
  }

  /** Resolves the services once so the first calls have replicas to go to. */
  public Future<Void> prepare(List<ServiceAddress> services) {
    return Future.join(services.stream().map(this::refresh).toList()).mapEmpty();
  }

  /** A client whose calls to a {@link ServiceAddress} are balanced over its replicas. */
  public GrpcClient client() {
    return GrpcClient.builder(vertx)
        .withAddressResolver(
            AddressResolver.mappingResolver(
                (ServiceAddress service) ->
                    replicas.getOrDefault(
                        service,
                        List.of(SocketAddress.inetSocketAddress(service.port(), service.host())))))
        .withLoadBalancer(LoadBalancer.ROUND_ROBIN)
        .build();
  }

  /** The replicas currently known for a service (for tests and diagnostics). */
  public List<SocketAddress> replicasOf(ServiceAddress service) {
    return replicas.getOrDefault(service, List.of());
  }

  public void close() {
    vertx.cancelTimer(timerId);
  }

  private void refreshAll() {
    replicas.keySet().forEach(this::refresh);
  }

  private Future<Void> refresh(ServiceAddress service) {
    return lookup
        .apply(service.host())
        .onSuccess(
            addresses -> {
              List<SocketAddress> resolved =
                  addresses.stream()
                      .map(a -> SocketAddress.inetSocketAddress(service.port(), a.getHostAddress()))
                      .sorted(java.util.Comparator.comparing(SocketAddress::toString))
                      .toList();
              if (!resolved.isEmpty()) {
                List<SocketAddress> previous = replicas.put(service, resolved);
                if (!resolved.equals(previous)) {
                  log.info("{} resolves to {} replica(s)", service, resolved.size());
                }
              }
            })
        // Keep the last known replicas: a DNS hiccup must not take the service away.
        .onFailure(e -> log.warn("cannot resolve {}: {}", service, e.toString()))
        .otherwiseEmpty()
        .mapEmpty();
  }
}
