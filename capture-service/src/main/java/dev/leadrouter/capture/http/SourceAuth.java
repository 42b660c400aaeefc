package dev.leadrouter.capture.http;

import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.store.SeenSignatureRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a request comes from its source: the API key of the source's caller (header, or for
 * browser forms the {@code lr_api_key} form field, since a browser cannot set headers), and/or an
 * HMAC signature over the exact body ({@code X-Leadrouter-Signature: t=<unix>,v1=<hex>}) within the
 * source's replay window.
 *
 * <p>A signed request is accepted once, whichever replica it reaches: the accepted signatures are
 * shared in PostgreSQL ({@link #rememberShared}).
 */
final class SourceAuth {
  private static final Logger log = LoggerFactory.getLogger(SourceAuth.class);
  static final String SIGNATURE_HEADER = "X-Leadrouter-Signature";
  static final String FORM_KEY_FIELD = "lr_api_key";

  private final ApiKeys apiKeys;
  private final Clock clock;
  private final SeenSignatureRepository shared;

  SourceAuth(ApiKeys apiKeys, Clock clock, SeenSignatureRepository shared) {
    this.apiKeys = apiKeys;
    this.clock = clock;
    this.shared = shared;
  }

  /**
   * @param formKey the key from the form body, or null
   * @return the verified signature (null when the source is not signed), for {@link
   *     #rememberShared}
   */
  String check(SourceConfig source, HttpServerRequest request, byte[] body, String formKey) {
    String signature = null;
    if (source.apiKeyCaller() != null) {
      String presented = headerKey(request);
      apiKeys.authorizeSource(presented != null ? presented : formKey, source.apiKeyCaller());
    }
    if (source.hmacSecret() != null) {
      signature =
          new HmacSignature(source.hmacSecret(), source.replayWindow(), clock)
              .verify(request.getHeader(SIGNATURE_HEADER), body);
    }
    return signature;
  }

  /**
   * Records a signature {@link #check} verified in the replicas' shared memory; fails with
   * UNAUTHENTICATED when this or another replica already accepted the same signed request.
   */
  Future<Void> rememberShared(SourceConfig source, String signature) {
    if (signature == null) {
      return Future.succeededFuture();
    }
    long signedAt = Long.parseLong(signature.substring(0, signature.indexOf('.')));
    Instant expiresAt = Instant.ofEpochSecond(signedAt).plus(source.replayWindow());
    return shared
        .firstTime(signature, expiresAt)
        .compose(
            first ->
                first
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new UnauthenticatedException("this signed request was already received")));
  }

  /** Lets the sender retry a remembered request that then failed, on every replica. */
  Future<Void> forget(String signature) {
    if (signature == null) {
      return Future.succeededFuture();
    }
    return shared
        .forget(signature)
        .recover(
            e -> {
              log.warn(
                  "a failed signed request stays remembered until its window passes: {}",
                  e.toString());
              return Future.succeededFuture();
            });
  }

  /**
   * A source's key for a door that names the source (CSV import with {@code source_id}): the
   * source's own ingest key when it names one, else any ingest key not bound to other sources.
   */
  void sourceKey(SourceConfig source, HttpServerRequest request) {
    apiKeys.authorizeSource(headerKey(request), source.apiKeyCaller());
  }

  /** An ingest key for a generic door (no source named); source-bound keys are refused. */
  void genericIngest(HttpServerRequest request) {
    apiKeys.authorize(headerKey(request), Role.INGEST);
  }

  static String headerKey(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    return header != null ? header : request.getHeader("X-Api-Key");
  }
}
