package dev.leadrouter.capture.enrich;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The optional HTTP enrichment provider ({@code CAPTURE_ENRICHMENT_URL}): {@code POST <url>} with
 * {@code {"domain": "acme.com"}} (only the company domain, never personal data) and a JSON answer
 * {@code {"company_name", "employee_count", "industry", "country"}}; 404 means "unknown domain".
 * The whole call is bounded by {@code CAPTURE_ENRICHMENT_TIMEOUT} so a slow provider cannot hold a
 * lead back.
 */
public final class HttpEnrichmentProvider implements EnrichmentProvider {
  private final WebClient client;
  private final String url;
  private final Duration timeout;

  public HttpEnrichmentProvider(Vertx vertx, String url, Duration timeout) {
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) Math.max(1, timeout.toMillis()))
                .setUserAgent("leadrouter-capture"));
    this.url = url;
    this.timeout = timeout;
  }

  @Override
  public Future<Optional<Firmographics>> lookup(String domain) {
    return client
        .postAbs(url)
        .timeout(timeout.toMillis())
        .putHeader("Accept", "application/json")
        .sendJsonObject(new JsonObject().put("domain", domain))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .compose(
            response -> {
              if (response.statusCode() == 404) {
                return Future.succeededFuture(Optional.<Firmographics>empty());
              }
              if (response.statusCode() != 200) {
                return Future.failedFuture(
                    "enrichment provider answered HTTP " + response.statusCode());
              }
              JsonObject body = response.bodyAsJsonObject();
              return Future.succeededFuture(
                  Optional.of(
                      new Firmographics(
                          body.getString("company_name", ""),
                          body.getInteger("employee_count", 0),
                          body.getString("industry", ""),
                          body.getString("country", ""))));
            });
  }

  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
