package dev.leadrouter.capture.http;

import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;

/**
 * Checks that a request comes from its source: the API key of the source's caller (header, or for
 * browser forms the {@code lr_api_key} form field, since a browser cannot set headers), and/or an
 * HMAC signature over the exact body ({@code X-Leadrouter-Signature: t=<unix>,v1=<hex>}) within the
 * source's replay window.
 */
final class SourceAuth {
  static final String SIGNATURE_HEADER = "X-Leadrouter-Signature";
  static final String FORM_KEY_FIELD = "lr_api_key";

  private final ApiKeys apiKeys;
  private final Clock clock;

  SourceAuth(ApiKeys apiKeys, Clock clock) {
    this.apiKeys = apiKeys;
    this.clock = clock;
  }

  /**
   * @param formKey the key from the form body, or null
   */
  void check(SourceConfig source, HttpServerRequest request, byte[] body, String formKey) {
    if (source.hmacSecret() != null) {
      new HmacSignature(source.hmacSecret(), source.replayWindow(), clock)
          .verify(request.getHeader(SIGNATURE_HEADER), body);
    }
    if (source.apiKeyCaller() != null) {
      String presented = headerKey(request);
      String caller = apiKeys.authenticate(presented != null ? presented : formKey);
      if (!caller.equals(source.apiKeyCaller())) {
        throw new UnauthenticatedException("this API key is not the key of source " + source.id());
      }
    }
  }

  /** Any valid API key (the generic endpoints); returns the caller's name. */
  String anyKey(HttpServerRequest request) {
    return apiKeys.authenticate(headerKey(request));
  }

  static String headerKey(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    return header != null ? header : request.getHeader("X-Api-Key");
  }
}
