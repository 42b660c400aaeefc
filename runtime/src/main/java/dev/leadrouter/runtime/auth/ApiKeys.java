package dev.leadrouter.runtime.auth;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.errors.PermissionDeniedException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API keys a service accepts, each with its caller's name and {@link Role}.
 *
 * <p>One setting per role, each normally mounted from its own Kubernetes Secret: {@code
 * LEADROUTER_INGEST_API_KEYS}, {@code LEADROUTER_READ_API_KEYS}, {@code LEADROUTER_ADMIN_API_KEYS}
 * and {@code LEADROUTER_INTERNAL_API_KEYS}, each {@code name:key,name:key}; plus {@code
 * LEADROUTER_INTERNAL_API_KEY}, the key our services present to each other (caller {@code
 * internal}). A name may appear twice in a role, so an old and a new key are both valid while
 * callers move over (rotation). Only SHA-256 digests are kept and compared in constant time, so
 * neither a heap dump nor response timing gives a key away.
 */
public final class ApiKeys {
  public static final String INTERNAL_CALLER = "internal";
  private static final int MIN_LENGTH = 16;

  /** Who presented a valid key. */
  public record Caller(String name, Role role, boolean sourceBound) {}

  private record Entry(Caller caller, byte[] digest) {}

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalStateException(
          "No API keys configured: set LEADROUTER_INTERNAL_API_KEY and at least one of"
              + " LEADROUTER_INGEST_API_KEYS, LEADROUTER_READ_API_KEYS, LEADROUTER_ADMIN_API_KEYS");
    }
    Set<String> digests = new HashSet<>();
    for (Entry e : entries) {
      if (!digests.add(Arrays.toString(e.digest()))) {
        throw new IllegalStateException(
            "the same API key is configured twice (caller '"
                + e.caller().name()
                + "'): each key must belong to one caller and one role");
      }
    }
    this.entries = List.copyOf(entries);
  }

  /** Keys of one role, by caller name (tests, benchmarks). */
  public static ApiKeys of(Role role, Map<String, String> keysByCaller) {
    List<Entry> entries = new ArrayList<>();
    keysByCaller.forEach((caller, key) -> entries.add(entry(caller, role, key)));
    return new ApiKeys(entries);
  }

  // String.split drops trailing empty parts: a trailing comma in the setting is tolerated on
  // purpose.
  @SuppressWarnings("StringSplitter")
  public static ApiKeys from(Settings settings) {
    if (settings.optional("LEADROUTER_API_KEYS") != null) {
      // It used to give every key every right; guessing a role for those keys would either break
      // callers or keep the hole open, so the operator has to say.
      throw new IllegalStateException(
          "LEADROUTER_API_KEYS is no longer read: keys now have roles. Move each key to"
              + " LEADROUTER_INGEST_API_KEYS (lead doors), LEADROUTER_READ_API_KEYS or"
              + " LEADROUTER_ADMIN_API_KEYS (see the README's key table)");
    }
    List<Entry> entries = new ArrayList<>();
    for (Role role : Role.values()) {
      String variable = variable(role);
      String list = settings.optional(variable);
      if (list == null || list.isBlank()) {
        continue;
      }
      for (String item : list.split(",")) {
        String trimmed = item.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
          throw new IllegalStateException(variable + " entries must look like name:key");
        }
        entries.add(
            entry(trimmed.substring(0, colon).trim(), role, trimmed.substring(colon + 1).trim()));
      }
    }
    String internal = settings.optional("LEADROUTER_INTERNAL_API_KEY");
    if (internal != null) {
      Entry presented = entry(INTERNAL_CALLER, Role.INTERNAL, internal);
      // The presented key may also be listed in LEADROUTER_INTERNAL_API_KEYS during a rotation.
      if (entries.stream().noneMatch(e -> Arrays.equals(e.digest(), presented.digest()))) {
        entries.add(presented);
      }
    }
    return new ApiKeys(entries);
  }

  /** The setting that lists a role's keys. */
  public static String variable(Role role) {
    return "LEADROUTER_" + role.name() + "_API_KEYS";
  }

  /**
   * The same keys, with the ingest callers in {@code callers} bound to their sources: they may use
   * only the doors of the sources that name them, never the generic ones.
   */
  public ApiKeys boundToSources(Set<String> callers) {
    List<Entry> bound = new ArrayList<>();
    for (Entry e : entries) {
      Caller c = e.caller();
      boolean isBound = c.role() == Role.INGEST && callers.contains(c.name());
      bound.add(new Entry(new Caller(c.name(), c.role(), isBound), e.digest()));
    }
    return new ApiKeys(bound);
  }

  /** The header value a request carries: {@code Authorization}, else {@code X-Api-Key}. */
  public static String presented(String authorization, String xApiKey) {
    return authorization != null ? authorization : xApiKey;
  }

  /**
   * Returns the caller for an {@code Authorization: Bearer <key>} or bare-key header value.
   *
   * @throws UnauthenticatedException when the value is missing or matches no key
   */
  public Caller authenticate(String headerValue) {
    if (headerValue == null || headerValue.isBlank()) {
      throw new UnauthenticatedException(
          "missing API key: send 'Authorization: Bearer <key>' or 'X-Api-Key'");
    }
    String key =
        headerValue.regionMatches(true, 0, "Bearer ", 0, 7)
            ? headerValue.substring(7).trim()
            : headerValue.trim();
    byte[] digest = sha256(key);
    Caller found = null;
    // Compare against every key so the time taken does not depend on which one matched.
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), digest)) {
        found = e.caller();
      }
    }
    if (found == null) {
      throw new UnauthenticatedException("invalid API key");
    }
    return found;
  }

  /**
   * Authenticates and checks the role; a source-bound ingest key is refused here because this is a
   * generic door (source doors check {@link #authorizeSource}).
   *
   * @throws UnauthenticatedException no key or an unknown one
   * @throws PermissionDeniedException a valid key whose role does not grant {@code required}
   */
  public Caller authorize(String headerValue, Role required) {
    Caller caller = authenticate(headerValue);
    requireRole(caller, required);
    if (required == Role.INGEST && caller.sourceBound()) {
      throw new PermissionDeniedException(
          "this key may only send leads through the sources configured for it");
    }
    return caller;
  }

  /**
   * Authorizes a source's door: an ingest key, and the source's own one when it names a caller.
   *
   * @param sourceCaller the caller the source names, or null for any (unbound) ingest key
   */
  public Caller authorizeSource(String headerValue, String sourceCaller) {
    Caller caller = authenticate(headerValue);
    requireRole(caller, Role.INGEST);
    boolean allowed =
        sourceCaller == null ? !caller.sourceBound() : sourceCaller.equals(caller.name());
    if (!allowed) {
      throw new PermissionDeniedException("this API key is not a key of this source");
    }
    return caller;
  }

  private static void requireRole(Caller caller, Role required) {
    if (!caller.role().grants(required)) {
      throw new PermissionDeniedException(
          "this API key has role '"
              + caller.role().label()
              + "'; this operation needs '"
              + required.label()
              + "'");
    }
  }

  private static Entry entry(String caller, Role role, String key) {
    if (key.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "API key for '" + caller + "' is shorter than " + MIN_LENGTH + " characters");
    }
    return new Entry(new Caller(caller, role, false), sha256(key));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
