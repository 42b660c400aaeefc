package dev.leadrouter.runtime.crm;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;

/**
 * Salesforce access tokens: fetched with the JWT bearer or client-credentials flow, cached and
 * shared by concurrent calls (one token request at a time), dropped when Salesforce answers 401
 * ({@code INVALID_SESSION_ID}: expired or revoked) so the next call fetches a new one.
 */
final class SalesforceAuth {
  /** An access token and the org's instance URL it is valid for. */
  record Token(String accessToken, String instanceUrl) {}

  private final WebClient http;
  private final SalesforceConfig config;
  private final JwtBearerAssertion assertion;
  private Future<Token> current;

  SalesforceAuth(WebClient http, SalesforceConfig config, Clock clock) {
    this.http = http;
    this.config = config;
    this.assertion =
        config.jwtBearer()
            ? new JwtBearerAssertion(
                config.clientId(),
                config.username(),
                audience(config),
                config.privateKeyPem(),
                clock)
            : null;
  }

  /** The cached token, or a new one. Runs on the client's event loop only. */
  synchronized Future<Token> token() {
    if (current == null) {
      current = fetch();
      current.onFailure(e -> invalidate(current));
    }
    return current;
  }

  /** Forgets {@code used} (the token a 401 came back for), unless a newer one replaced it. */
  synchronized void invalidate(Future<Token> used) {
    if (current == used) {
      current = null;
    }
  }

  synchronized Future<Token> currentFuture() {
    return current;
  }

  private Future<Token> fetch() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    if (assertion != null) {
      form.add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
      form.add("assertion", assertion.create());
    } else {
      form.add("grant_type", "client_credentials");
      form.add("client_id", config.clientId());
      form.add("client_secret", config.clientSecret());
    }
    return http.postAbs(
            config.loginUrl().toString().replaceAll("/$", "") + "/services/oauth2/token")
        .timeout(config.timeout().toMillis())
        .putHeader("Accept", "application/json")
        .sendForm(form)
        .recover(
            e ->
                Future.failedFuture(
                    CrmFailure.transientFailure(
                        "Salesforce token request failed: " + e.getClass().getSimpleName(), false)))
        .compose(SalesforceAuth::token);
  }

  private static Future<Token> token(HttpResponse<Buffer> r) {
    JsonObject body;
    try {
      body = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (r.statusCode() == 200 && body != null && body.getString("access_token") != null) {
      return Future.succeededFuture(
          new Token(body.getString("access_token"), body.getString("instance_url")));
    }
    // OAuth errors: {"error":"invalid_grant","error_description":"user hasn't approved this
    // consumer"}
    String error = body == null ? "" : body.getString("error", "");
    String description = body == null ? "" : body.getString("error_description", "");
    String text = "Salesforce refused the token request: " + error + " " + description;
    if (r.statusCode() >= 500) {
      return Future.failedFuture(CrmFailure.transientFailure(text, false));
    }
    return Future.failedFuture(
        new CrmFailure(CrmFailure.Kind.PERMANENT, r.statusCode(), error, text, null, false));
  }

  private static String audience(SalesforceConfig config) {
    // Salesforce wants the login host as audience: https://login.salesforce.com, or
    // https://test.salesforce.com for sandboxes; a My Domain login URL works as is.
    return config.loginUrl().getScheme()
        + "://"
        + config.loginUrl().getHost()
        + (config.loginUrl().getPort() > 0 ? ":" + config.loginUrl().getPort() : "");
  }
}
