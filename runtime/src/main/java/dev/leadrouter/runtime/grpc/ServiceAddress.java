package dev.leadrouter.runtime.grpc;

import io.vertx.core.net.Address;

/**
 * A service to call by name: every address the name resolves to is a replica, and calls are spread
 * over them. In Kubernetes, point it at a headless Service ({@code clusterIP: None}) so the name
 * resolves to every ready pod rather than to one virtual IP.
 */
public record ServiceAddress(String host, int port) implements Address {

  public static ServiceAddress of(io.vertx.core.net.HostAndPort hostAndPort) {
    return new ServiceAddress(hostAndPort.host(), hostAndPort.port());
  }

  /** Parses {@code host:port}. */
  public static ServiceAddress parse(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostAndPort.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'");
    }
    return new ServiceAddress(
        hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
