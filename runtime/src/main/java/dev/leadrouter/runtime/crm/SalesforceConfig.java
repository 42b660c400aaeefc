package dev.leadrouter.runtime.crm;

import dev.leadrouter.runtime.config.Settings;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach a Salesforce org: {@code SALESFORCE_*} settings, the same in every service that
 * talks to Salesforce. Either the OAuth 2.0 JWT bearer flow ({@code SALESFORCE_USERNAME} and {@code
 * SALESFORCE_PRIVATE_KEY}, a PEM PKCS#8 RSA key whose certificate is uploaded to the connected app)
 * or the client-credentials flow ({@code SALESFORCE_CLIENT_SECRET}, run as the app's "Run As"
 * user).
 *
 * @param loginUrl where tokens come from: {@code https://login.salesforce.com}, {@code
 *     https://test.salesforce.com} or the org's My Domain URL (client credentials needs My Domain)
 * @param apiVersion REST API version without the "v", e.g. {@code 62.0}
 */
public record SalesforceConfig(
    URI loginUrl,
    String clientId,
    String username,
    String privateKeyPem,
    String clientSecret,
    String apiVersion,
    Duration timeout) {

  public static final String DEFAULT_API_VERSION = "62.0";

  /** The settings, or null when {@code SALESFORCE_CLIENT_ID} is unset (Salesforce not used). */
  public static SalesforceConfig from(Settings settings) {
    String clientId = settings.optional("SALESFORCE_CLIENT_ID");
    if (clientId == null || clientId.isBlank()) {
      return null;
    }
    String username = settings.optional("SALESFORCE_USERNAME");
    String key = settings.optional("SALESFORCE_PRIVATE_KEY");
    String secret = settings.optional("SALESFORCE_CLIENT_SECRET");
    boolean jwt = username != null && key != null;
    if (!jwt && secret == null) {
      throw new IllegalStateException(
          "SALESFORCE_CLIENT_ID is set: also set SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY"
              + " (JWT bearer flow) or SALESFORCE_CLIENT_SECRET (client credentials flow)");
    }
    String version = settings.string("SALESFORCE_API_VERSION", DEFAULT_API_VERSION);
    if (!version.matches("\\d{2,3}\\.0")) {
      throw new IllegalStateException("SALESFORCE_API_VERSION must look like 62.0");
    }
    URI login = URI.create(settings.string("SALESFORCE_LOGIN_URL", "https://login.salesforce.com"));
    if (login.getScheme() == null || login.getHost() == null) {
      throw new IllegalStateException("SALESFORCE_LOGIN_URL must be an absolute URL");
    }
    return new SalesforceConfig(
        login,
        clientId,
        jwt ? username : null,
        jwt ? key : null,
        jwt ? null : secret,
        version,
        settings.duration("SALESFORCE_TIMEOUT", Duration.ofSeconds(4)));
  }

  public boolean jwtBearer() {
    return privateKeyPem != null;
  }

  @Override
  public String toString() {
    // Never the key or the secret.
    return "Salesforce "
        + loginUrl
        + " v"
        + apiVersion
        + (jwtBearer() ? " (JWT bearer as " + username + ")" : " (client credentials)");
  }
}
