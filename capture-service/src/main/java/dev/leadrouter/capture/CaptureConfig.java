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
 * @param routingAddress {@code CAPTURE_ROUTING_ADDRESS}, host:port of routing-service's gRPC port
 *     (default localhost:9102)
 * @param routingDeadline {@code CAPTURE_ROUTING_DEADLINE}, how long one Route call may take
 *     (default 10s)
 * @param slaAddress {@code CAPTURE_SLA_ADDRESS}, host:port of sla-service's gRPC port, for GDPR
 *     erasure (default localhost:9104)
 * @param notifyAddress {@code CAPTURE_NOTIFY_ADDRESS}, host:port of notify-service's gRPC port, for
 *     repeat-activity notices (default localhost:9103)
 * @param internalApiKey {@code LEADROUTER_INTERNAL_API_KEY}, presented to routing-service and
 *     notify-service
 * @param maxBodyBytes {@code CAPTURE_MAX_BODY_BYTES}, largest accepted HTTP body (default 65536;
 *     CSV imports stream and are not bound by it)
 * @param sourcesFile {@code CAPTURE_SOURCES_FILE}, YAML list of lead sources (default: the built-in
 *     empty list)
 * @param firmographicsFile {@code CAPTURE_FIRMOGRAPHICS_FILE}, CSV
 *     domain,company_name,employee_count,industry,country (optional)
 * @param accountsFile {@code CAPTURE_ACCOUNTS_FILE}, CSV domain,account_id,owner_rep_id (optional)
 * @param enrichmentUrl {@code CAPTURE_ENRICHMENT_URL}, HTTP enrichment provider (optional)
 * @param enrichmentTimeout {@code CAPTURE_ENRICHMENT_TIMEOUT}, deadline of one provider call
 *     (default 300ms)
 * @param dedupeWindow {@code CAPTURE_DEDUPE_WINDOW}, how far back a lead of the same email or phone
 *     absorbs a new one (default 30d)
 * @param importConcurrency {@code CAPTURE_IMPORT_CONCURRENCY}, CSV rows of one import stored at
 *     once (default 16)
 */
public record CaptureConfig(
    EndpointConfig endpoints,
    DatabaseConfig database,
    RelayOptions relay,
    HostAndPort routingAddress,
    Duration routingDeadline,
    HostAndPort notifyAddress,
    HostAndPort slaAddress,
    String internalApiKey,
    int maxBodyBytes,
    String sourcesFile,
    String firmographicsFile,
    String accountsFile,
    String enrichmentUrl,
    Duration enrichmentTimeout,
    Duration dedupeWindow,
    int importConcurrency) {

  public static CaptureConfig from(Settings s) {
    return new CaptureConfig(
        EndpointConfig.from(s, "CAPTURE", 9101, 8101),
        DatabaseConfig.from(s, "capture", "CAPTURE"),
        RelayOptions.from(s),
        HostAndPort.parseAuthority(s.string("CAPTURE_ROUTING_ADDRESS", "localhost:9102"), 9102),
        s.duration("CAPTURE_ROUTING_DEADLINE", Duration.ofSeconds(10)),
        HostAndPort.parseAuthority(s.string("CAPTURE_NOTIFY_ADDRESS", "localhost:9103"), 9103),
        HostAndPort.parseAuthority(s.string("CAPTURE_SLA_ADDRESS", "localhost:9104"), 9104),
        s.required("LEADROUTER_INTERNAL_API_KEY"),
        s.integer("CAPTURE_MAX_BODY_BYTES", 64 * 1024),
        s.optional("CAPTURE_SOURCES_FILE"),
        s.optional("CAPTURE_FIRMOGRAPHICS_FILE"),
        s.optional("CAPTURE_ACCOUNTS_FILE"),
        s.optional("CAPTURE_ENRICHMENT_URL"),
        s.duration("CAPTURE_ENRICHMENT_TIMEOUT", Duration.ofMillis(300)),
        s.duration("CAPTURE_DEDUPE_WINDOW", Duration.ofDays(30)),
        s.integer("CAPTURE_IMPORT_CONCURRENCY", 16));
  }
}
