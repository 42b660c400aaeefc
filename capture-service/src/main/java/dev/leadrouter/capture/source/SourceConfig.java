package dev.leadrouter.capture.source;

import dev.leadrouter.v1.SourceChannel;
import java.time.Duration;
import java.util.Set;

/**
 * One configured lead source (an entry of {@code CAPTURE_SOURCES_FILE}).
 *
 * @param id the source key, also stored as {@code lead.source.source_id}
 * @param channel stored as {@code lead.source.channel} unless the payload says otherwise
 * @param apiKeyCaller when set, requests must carry an API key of this caller (LEADROUTER_API_KEYS)
 * @param hmacSecret when set, requests must be signed (header X-Leadrouter-Signature) with it
 * @param replayWindow how old or new a signature's timestamp may be
 * @param honeypot name of a field humans never fill; when filled, the submission is dropped
 *     silently
 * @param rejectDisposableEmail refuse (instead of only flagging) throw-away email domains
 * @param redirectHosts hosts a form's retURL may send the browser back to (anything else is
 *     ignored)
 * @param mapping source field name to lead field, on top of the well-known names
 * @param jsonPaths for MAPPED sources: JSON path in the payload to lead field, exactly as
 *     configured
 */
public record SourceConfig(
    String id,
    SourceKind kind,
    SourceChannel channel,
    String apiKeyCaller,
    String hmacSecret,
    Duration replayWindow,
    String honeypot,
    boolean rejectDisposableEmail,
    Set<String> redirectHosts,
    FieldMapping mapping,
    java.util.Map<String, String> jsonPaths) {

  /**
   * The implicit source of {@code POST /v1/leads} and the gRPC API when the file names none: any
   * valid API key.
   */
  public static SourceConfig api() {
    return new SourceConfig(
        "api",
        SourceKind.JSON,
        SourceChannel.SOURCE_CHANNEL_API,
        null,
        null,
        Duration.ofMinutes(5),
        null,
        false,
        Set.of(),
        FieldMapping.standard(),
        java.util.Map.of());
  }
}
