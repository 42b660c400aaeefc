package dev.leadrouter.routing;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.host.EndpointConfig;
import dev.leadrouter.runtime.outbox.RelayOptions;
import io.vertx.core.net.HostAndPort;
import java.time.Duration;

/**
 * routing-service settings.
 *
 * @param notifyAddress {@code ROUTING_NOTIFY_ADDRESS}, notify-service gRPC host:port (default
 *     localhost:9103)
 * @param slaAddress {@code ROUTING_SLA_ADDRESS}, sla-service gRPC host:port (default
 *     localhost:9104)
 * @param captureAddress {@code ROUTING_CAPTURE_ADDRESS}, capture-service gRPC host:port (default
 *     localhost:9101), which normalizes raw leads for Simulate
 * @param callDeadline {@code ROUTING_CALL_DEADLINE}, deadline of each downstream call (default 10s)
 * @param snapshotRefresh {@code ROUTING_SNAPSHOT_REFRESH}, how often matrix and reps are reloaded
 *     even without a change notification (default 30s; LISTEN/NOTIFY normally reloads within a
 *     second)
 */
public record RoutingConfig(
    EndpointConfig endpoints,
    DatabaseConfig database,
    RelayOptions relay,
    HostAndPort notifyAddress,
    HostAndPort slaAddress,
    HostAndPort captureAddress,
    Duration callDeadline,
    String internalApiKey,
    Duration snapshotRefresh) {

  public static RoutingConfig from(Settings s) {
    return new RoutingConfig(
        EndpointConfig.from(s, "ROUTING", 9102, 8102),
        DatabaseConfig.from(s, "routing", "ROUTING"),
        RelayOptions.from(s),
        HostAndPort.parseAuthority(s.string("ROUTING_NOTIFY_ADDRESS", "localhost:9103"), 9103),
        HostAndPort.parseAuthority(s.string("ROUTING_SLA_ADDRESS", "localhost:9104"), 9104),
        HostAndPort.parseAuthority(s.string("ROUTING_CAPTURE_ADDRESS", "localhost:9101"), 9101),
        s.duration("ROUTING_CALL_DEADLINE", Duration.ofSeconds(10)),
        s.required("LEADROUTER_INTERNAL_API_KEY"),
        s.duration("ROUTING_SNAPSHOT_REFRESH", Duration.ofSeconds(30)));
  }
}
