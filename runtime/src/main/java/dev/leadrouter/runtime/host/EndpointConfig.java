package dev.leadrouter.runtime.host;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;

/**
 * Where a service listens.
 *
 * @param host bind address
 * @param grpcPort gRPC (HTTP/2) port; 0 picks a free port (tests)
 * @param httpPort HTTP port for health, metrics and any REST API; 0 picks a free port
 * @param shutdownGrace how long in-flight calls may run on after shutdown starts
 * @param maxConnectionAge how long a client connection may live before the server asks it to
 *     reconnect, so clients re-resolve and spread over new replicas behind a Kubernetes Service
 */
public record EndpointConfig(
    String host, int grpcPort, int httpPort, Duration shutdownGrace, Duration maxConnectionAge) {

  /**
   * Reads {@code <PREFIX>_GRPC_PORT}, {@code <PREFIX>_HTTP_PORT}, {@code LEADROUTER_BIND_HOST}, ...
   */
  public static EndpointConfig from(
      Settings s, String prefix, int defaultGrpcPort, int defaultHttpPort) {
    return new EndpointConfig(
        s.string("LEADROUTER_BIND_HOST", "0.0.0.0"),
        s.integer(prefix + "_GRPC_PORT", defaultGrpcPort),
        s.integer(prefix + "_HTTP_PORT", defaultHttpPort),
        s.duration("LEADROUTER_SHUTDOWN_GRACE", Duration.ofSeconds(20)),
        s.duration("LEADROUTER_GRPC_MAX_CONNECTION_AGE", Duration.ofMinutes(5)));
  }
}
