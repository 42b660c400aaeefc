package dev.leadrouter.runtime.auth;

import java.util.Locale;

/**
 * What an API key may do. Every gRPC method and HTTP route declares the one role it needs (see
 * {@link Access}); a key's role grants itself and, for {@code admin} and {@code internal}, the
 * roles below them:
 *
 * <ul>
 *   <li>{@code ingest}: capture's lead doors only (and only its own sources when a source names
 *       it); such keys end up in web pages and partner systems, so they can do nothing else.
 *   <li>{@code read}: reading leads, assignments, reps, matrices, deliveries, clocks and reports.
 *   <li>{@code admin}: everything {@code read} can, plus changing the matrix and the team,
 *       reassigning, recording touches and erasing leads.
 *   <li>{@code internal}: what the services call on each other (route, notify, start a clock,
 *       forget a lead), plus everything {@code admin} can. Only the services hold it.
 * </ul>
 *
 * {@code ingest} is granted by no other role: a read or admin key cannot post leads, so a key that
 * leaks from a dashboard cannot be used to flood the pipeline.
 */
public enum Role {
  INGEST,
  READ,
  ADMIN,
  INTERNAL;

  /** Whether a key with this role may call an operation that needs {@code required}. */
  public boolean grants(Role required) {
    return switch (this) {
      case INGEST -> required == INGEST;
      case READ -> required == READ;
      case ADMIN -> required == ADMIN || required == READ;
      case INTERNAL -> required != INGEST;
    };
  }

  /** The name used in settings, the README and error messages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
