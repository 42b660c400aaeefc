package dev.leadrouter.standalone;

import java.util.Map;

/**
 * The settings that point each service at the others when all of them run on this machine: one
 * place for the wiring the runner, the end-to-end tests and the system benchmark all need.
 */
public final class LocalPeers {
  private LocalPeers() {}

  /**
   * Every {@code *_ADDRESS} setting, from the capture, routing, notify and sla gRPC ports on
   * 127.0.0.1.
   */
  public static Map<String, String> addresses(
      int captureGrpcPort, int routingGrpcPort, int notifyGrpcPort, int slaGrpcPort) {
    String capture = "127.0.0.1:" + captureGrpcPort;
    String routing = "127.0.0.1:" + routingGrpcPort;
    String notify = "127.0.0.1:" + notifyGrpcPort;
    String sla = "127.0.0.1:" + slaGrpcPort;
    return Map.of(
        "CAPTURE_ROUTING_ADDRESS",
        routing,
        "CAPTURE_NOTIFY_ADDRESS",
        notify,
        "CAPTURE_SLA_ADDRESS",
        sla,
        "ROUTING_CAPTURE_ADDRESS",
        capture,
        "ROUTING_NOTIFY_ADDRESS",
        notify,
        "ROUTING_SLA_ADDRESS",
        sla,
        "SLA_ROUTING_ADDRESS",
        routing,
        "SLA_NOTIFY_ADDRESS",
        notify,
        "NOTIFY_SLA_ADDRESS",
        sla);
  }

  /** The console's settings pointing it at the four services' gRPC ports on 127.0.0.1. */
  public static Map<String, String> console(
      int captureGrpcPort, int routingGrpcPort, int notifyGrpcPort, int slaGrpcPort) {
    return Map.of(
        "CONSOLE_CAPTURE_ADDRESS", "127.0.0.1:" + captureGrpcPort,
        "CONSOLE_ROUTING_ADDRESS", "127.0.0.1:" + routingGrpcPort,
        "CONSOLE_NOTIFY_ADDRESS", "127.0.0.1:" + notifyGrpcPort,
        "CONSOLE_SLA_ADDRESS", "127.0.0.1:" + slaGrpcPort);
  }
}
