package dev.leadrouter.runtime.crm;

import dev.leadrouter.runtime.config.Settings;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach a HubSpot account: {@code HUBSPOT_*} settings. A private app's access token
 * authenticates API calls; the app's client secret verifies webhook signatures (capture only).
 *
 * @param requestsPerTenSeconds the private app's burst limit (100 per 10 seconds on most plans, 190
 *     on Professional and Enterprise); calls wait rather than exceed it
 */
public record HubSpotConfig(
    URI apiUrl,
    String accessToken,
    String clientSecret,
    int requestsPerTenSeconds,
    Duration timeout) {

  /** The settings, or null when {@code HUBSPOT_ACCESS_TOKEN} is unset (HubSpot not used). */
  public static HubSpotConfig from(Settings settings) {
    String token = settings.optional("HUBSPOT_ACCESS_TOKEN");
    if (token == null || token.isBlank()) {
      return null;
    }
    URI api = URI.create(settings.string("HUBSPOT_API_URL", "https://api.hubapi.com"));
    if (api.getScheme() == null || api.getHost() == null) {
      throw new IllegalStateException("HUBSPOT_API_URL must be an absolute URL");
    }
    int limit = settings.integer("HUBSPOT_REQUESTS_PER_10S", 100);
    if (limit < 1) {
      throw new IllegalStateException("HUBSPOT_REQUESTS_PER_10S must be at least 1");
    }
    return new HubSpotConfig(
        api,
        token,
        settings.optional("HUBSPOT_CLIENT_SECRET"),
        limit,
        settings.duration("HUBSPOT_TIMEOUT", Duration.ofSeconds(4)));
  }

  @Override
  public String toString() {
    return "HubSpot " + apiUrl + " (private app, " + requestsPerTenSeconds + " requests/10 s)";
  }
}
