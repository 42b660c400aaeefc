package dev.leadrouter.runtime.auth;

/**
 * What an endpoint needs from its caller, declared where the endpoint is registered so that no
 * endpoint exists without one ({@code EndpointAccessTest} enumerates them all).
 *
 * @param kind how the caller proves it may call
 * @param role the role an API key needs; null unless {@code kind} is {@link Kind#API_KEY} or {@link
 *     Kind#SOURCE}
 */
public record Access(Kind kind, Role role) {

  /** How a caller proves it may call an endpoint. */
  public enum Kind {
    /** An API key with the role ({@code Authorization: Bearer} or {@code X-Api-Key}). */
    API_KEY,
    /**
     * A lead source's own credential: the ingest key the source names, or its HMAC signature.
     * Checked by the handler once the body is read, since a browser form carries its key in the
     * body.
     */
    SOURCE,
    /**
     * The request carries its own proof (an HMAC-signed body or a signed link) checked by the
     * handler; no API key.
     */
    SIGNED,
    /**
     * No credential; only served on the management port, which is not exposed outside the cluster
     * (health, metrics, reflection).
     */
    MANAGEMENT
  }

  public static Access role(Role role) {
    return new Access(Kind.API_KEY, role);
  }

  /** A source door: ingest keys, restricted to the source's own caller, or a signature. */
  public static Access source() {
    return new Access(Kind.SOURCE, Role.INGEST);
  }

  public static Access signed() {
    return new Access(Kind.SIGNED, null);
  }

  public static Access management() {
    return new Access(Kind.MANAGEMENT, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case API_KEY -> role.label();
      case SOURCE -> "ingest (the source's own key) or the source's signature";
      case SIGNED -> "signed request";
      case MANAGEMENT -> "none (management port)";
    };
  }
}
