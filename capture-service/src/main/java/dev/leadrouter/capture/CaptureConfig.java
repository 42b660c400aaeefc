package dev.leadrouter.capture;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.host.EndpointConfig;
import dev.leadrouter.runtime.outbox.RelayOptions;
import io.vertx.core.net.HostAndPort;
import java.time.Duration;

/**
 * capture-service settings.
 *
 * @param routingAddress {@code CAPTURE_ROUTING_ADDRESS}, host:port of routing-service's gRPC port (default localhost:9102)
 * @param routingDeadline {@code CAPTURE_ROUTING_DEADLINE}, how long one Route call may take (default 10s)
 * @param internalApiKey {@code LEADROUTER_INTERNAL_API_KEY}, presented to routing-service
 * @param maxBodyBytes {@code CAPTURE_MAX_BODY_BYTES}, largest accepted HTTP body (default 65536)
 */
public record CaptureConfig(
    EndpointConfig endpoints,
    DatabaseConfig database,
    RelayOptions relay,
    HostAndPort routingAddress,
    Duration routingDeadline,
    String internalApiKey,
    int maxBodyBytes) {

  public static CaptureConfig from(Settings s) {
    return new CaptureConfig(
        EndpointConfig.from(s, "CAPTURE", 9101, 8101),
        DatabaseConfig.from(s, "capture", "CAPTURE"),
        RelayOptions.from(s),
        HostAndPort.parseAuthority(s.string("CAPTURE_ROUTING_ADDRESS", "localhost:9102"), 9102),
        s.duration("CAPTURE_ROUTING_DEADLINE", Duration.ofSeconds(10)),
        s.required("LEADROUTER_INTERNAL_API_KEY"),
        s.integer("CAPTURE_MAX_BODY_BYTES", 64 * 1024));
  }
}
