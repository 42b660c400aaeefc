package dev.leadrouter.runtime.host;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;

/**
 * Where a service listens, and how long a client may hold a connection without making progress.
 *
 * @param host bind address of every listener
 * @param grpcPort gRPC (HTTP/2) port of the service's API; 0 picks a free port (tests)
 * @param httpPort HTTP port of the service's public routes (capture's doors, sla's ack link and
 *     webhook); 0 picks a free port; only opened when the service has such routes
 * @param managementPort health, metrics and gRPC health + reflection; never exposed publicly
 * @param shutdownGrace how long in-flight calls may run on after shutdown starts
 * @param maxConnectionAge how long a client connection may live before the server asks it to
 *     reconnect, so clients re-resolve and spread over new replicas behind a Kubernetes Service
 * @param idleTimeout a connection with nothing read or written for this long is closed
 * @param headerTimeout the time a client has to send a complete request head, from connecting or
 *     from the end of the previous response
 * @param bodyTimeout the time a client has to send a whole body the service reads at once (not
 *     streamed CSV imports, which the idle timeout governs)
 * @param maxConnections connections open at once over all of the service's listeners; more are
 *     closed at once
 * @param publicH2c whether the public HTTP port also accepts cleartext HTTP/2 (upgrade or prior
 *     knowledge). Off by default: Vert.x then sees a connection only once its first request head
 *     arrived, so the header timeout and the connection limit cannot apply before that
 */
public record EndpointConfig(
    String host,
    int grpcPort,
    int httpPort,
    int managementPort,
    Duration shutdownGrace,
    Duration maxConnectionAge,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration bodyTimeout,
    int maxConnections,
    boolean publicH2c) {

  /**
   * Reads {@code <PREFIX>_GRPC_PORT}, {@code <PREFIX>_HTTP_PORT}, {@code <PREFIX>_MANAGEMENT_PORT},
   * {@code LEADROUTER_BIND_HOST}, the {@code LEADROUTER_HTTP_*} timeouts and {@code
   * LEADROUTER_MAX_CONNECTIONS}. The management port defaults to the default HTTP port + 100
   * (8201-8204), or to a free port when the HTTP port is set to 0 (tests).
   */
  public static EndpointConfig from(
      Settings s, String prefix, int defaultGrpcPort, int defaultHttpPort) {
    int httpPort = s.integer(prefix + "_HTTP_PORT", defaultHttpPort);
    return new EndpointConfig(
        s.string("LEADROUTER_BIND_HOST", "0.0.0.0"),
        s.integer(prefix + "_GRPC_PORT", defaultGrpcPort),
        httpPort,
        s.integer(prefix + "_MANAGEMENT_PORT", httpPort == 0 ? 0 : defaultHttpPort + 100),
        s.duration("LEADROUTER_SHUTDOWN_GRACE", Duration.ofSeconds(20)),
        s.duration("LEADROUTER_GRPC_MAX_CONNECTION_AGE", Duration.ofMinutes(5)),
        s.duration("LEADROUTER_HTTP_IDLE_TIMEOUT", Duration.ofSeconds(60)),
        s.duration("LEADROUTER_HTTP_HEADER_TIMEOUT", Duration.ofSeconds(10)),
        s.duration("LEADROUTER_HTTP_BODY_TIMEOUT", Duration.ofSeconds(30)),
        s.integer("LEADROUTER_MAX_CONNECTIONS", 10_000),
        s.bool("LEADROUTER_HTTP_H2C", false));
  }
}
