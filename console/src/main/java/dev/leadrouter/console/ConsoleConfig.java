package dev.leadrouter.console;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.grpc.ServiceAddress;
import java.time.Duration;

/**
 * The console's settings.
 *
 * <ul>
 *   <li>{@code CONSOLE_HTTP_PORT} (8100), {@code CONSOLE_HOST} (0.0.0.0): where the page is served,
 *       never capture's public ingest port.
 *   <li>{@code CONSOLE_CAPTURE_ADDRESS}, {@code CONSOLE_ROUTING_ADDRESS}, {@code
 *       CONSOLE_NOTIFY_ADDRESS}, {@code CONSOLE_SLA_ADDRESS} (host:port of each service's gRPC
 *       listener; defaults are the services' default ports on localhost).
 *   <li>{@code CONSOLE_SECURE_COOKIES} (true): send the session cookie only over HTTPS; set false
 *       only for plain-HTTP development on localhost.
 *   <li>{@code CONSOLE_SESSION_TIMEOUT} (8h): idle time after which people sign in again.
 * </ul>
 */
public record ConsoleConfig(
    String host,
    int httpPort,
    ServiceAddress capture,
    ServiceAddress routing,
    ServiceAddress notifications,
    ServiceAddress sla,
    boolean secureCookies,
    Duration sessionTimeout) {

  public static ConsoleConfig from(Settings settings) {
    return new ConsoleConfig(
        settings.string("CONSOLE_HOST", "0.0.0.0"),
        settings.integer("CONSOLE_HTTP_PORT", 8100),
        ServiceAddress.parse(settings.string("CONSOLE_CAPTURE_ADDRESS", "localhost:9101")),
        ServiceAddress.parse(settings.string("CONSOLE_ROUTING_ADDRESS", "localhost:9102")),
        ServiceAddress.parse(settings.string("CONSOLE_NOTIFY_ADDRESS", "localhost:9103")),
        ServiceAddress.parse(settings.string("CONSOLE_SLA_ADDRESS", "localhost:9104")),
        settings.bool("CONSOLE_SECURE_COOKIES", true),
        settings.duration("CONSOLE_SESSION_TIMEOUT", Duration.ofHours(8)));
  }
}
