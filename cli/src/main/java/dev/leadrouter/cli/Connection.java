package dev.leadrouter.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the services are and which key to present: flags first, then environment variables, then
 * the local dev runner's default ports. {@code --url} (LEADROUTER_URL) is one base for all four
 * services, e.g. an ingress routing /v1 by path; a per-service URL wins over it.
 */
public final class Connection {
  private static final Map<String, Integer> DEV_PORTS =
      Map.of("capture", 8101, "routing", 8102, "notify", 8103, "sla", 8104);

  @Option(
      names = "--url",
      description = "Base URL of all services (env LEADROUTER_URL).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String url;

  @Option(
      names = "--capture-url",
      description = "capture-service HTTP URL (env LEADROUTER_CAPTURE_URL; default :8101).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String captureUrl;

  @Option(
      names = "--routing-url",
      description = "routing-service HTTP URL (env LEADROUTER_ROUTING_URL; default :8102).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String routingUrl;

  @Option(
      names = "--notify-url",
      description = "notify-service HTTP URL (env LEADROUTER_NOTIFY_URL; default :8103).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String notifyUrl;

  @Option(
      names = "--sla-url",
      description = "sla-service HTTP URL (env LEADROUTER_SLA_URL; default :8104).",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String slaUrl;

  @Option(
      names = "--api-key",
      description = "API key (env LEADROUTER_API_KEY). Prefer the env variable: flags show in ps.",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String apiKey;

  @Option(
      names = "--timeout",
      description = "Per-request timeout, e.g. 10s (default 30s).",
      defaultValue = "30s",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String timeout;

  private HttpClient http;

  public ApiClient capture() {
    return client("capture", captureUrl);
  }

  public ApiClient routing() {
    return client("routing", routingUrl);
  }

  public ApiClient notifications() {
    return client("notify", notifyUrl);
  }

  public ApiClient sla() {
    return client("sla", slaUrl);
  }

  private ApiClient client(String service, String flag) {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }
    String key = apiKey != null ? apiKey : System.getenv("LEADROUTER_API_KEY");
    return new ApiClient(http, URI.create(baseOf(service, flag)), key, Durations.parse(timeout));
  }

  private String baseOf(String service, String flag) {
    if (flag != null) {
      return flag;
    }
    String env = System.getenv("LEADROUTER_" + service.toUpperCase(java.util.Locale.ROOT) + "_URL");
    if (env != null && !env.isBlank()) {
      return env;
    }
    String all = url != null ? url : System.getenv("LEADROUTER_URL");
    if (all != null && !all.isBlank()) {
      return all;
    }
    return "http://localhost:" + DEV_PORTS.get(service);
  }
}
