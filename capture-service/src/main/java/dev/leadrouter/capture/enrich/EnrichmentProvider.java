package dev.leadrouter.capture.enrich;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * An external firmographics lookup. Implementations must answer (or fail) within their own
 * deadline.
 */
public interface EnrichmentProvider {
  /**
   * Data for the domain; empty when the provider knows nothing about it; failed when it could not
   * answer.
   */
  Future<Optional<Firmographics>> lookup(String domain);
}
