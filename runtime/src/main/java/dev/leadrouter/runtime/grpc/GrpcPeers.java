package dev.leadrouter.runtime.grpc;

import dev.leadrouter.runtime.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.HostAndPort;
import io.vertx.grpc.client.GrpcClient;
import java.util.List;

/**
 * The other leadrouter services one service calls: one gRPC client whose calls to a peer are
 * balanced over all of the peer's replicas (see {@link BalancedGrpcClients}).
 */
public final class GrpcPeers {
  private final BalancedGrpcClients balancer;
  private final GrpcClient client;

  private GrpcPeers(BalancedGrpcClients balancer) {
    this.balancer = balancer;
    this.client = balancer.client();
  }

  public static GrpcPeers create(Vertx vertx, Settings settings) {
    return new GrpcPeers(BalancedGrpcClients.from(vertx, settings));
  }

  public GrpcClient client() {
    return client;
  }

  /**
   * The peer at a configured {@code host:port}, whose name starts resolving to its replicas now.
   */
  public ServiceAddress address(HostAndPort hostAndPort) {
    ServiceAddress service = ServiceAddress.of(hostAndPort);
    balancer.prepare(List.of(service));
    return service;
  }

  public Future<Void> close() {
    balancer.close();
    return client.close();
  }
}
