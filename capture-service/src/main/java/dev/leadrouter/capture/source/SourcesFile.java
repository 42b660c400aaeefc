package dev.leadrouter.capture.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leadrouter.v1.SourceChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code CAPTURE_SOURCES_FILE} (see {@code sources.example.yaml}). Secrets are never in the
 * file: an HMAC source names the environment variable that holds its secret. Every mistake fails
 * start-up with the source and field named, never a request later.
 */
public final class SourcesFile {
  private static final Pattern ID = Pattern.compile("^[a-z0-9-]{1,64}$");
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "kind",
          "channel",
          "auth",
          "honeypot",
          "reject_disposable_email",
          "redirect_hosts",
          "mapping");

  private SourcesFile() {}

  /**
   * Parses the sources file.
   *
   * @param env looks up environment variables (HMAC secrets)
   */
  public static Map<String, SourceConfig> parse(byte[] yaml, Function<String, String> env) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalStateException(
          "CAPTURE_SOURCES_FILE is not valid YAML: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    JsonNode list = root == null ? null : root.get("sources");
    if (list == null || list.isNull()) {
      return sources;
    }
    if (!list.isArray()) {
      throw new IllegalStateException("CAPTURE_SOURCES_FILE: 'sources' must be a list");
    }
    for (JsonNode node : list) {
      SourceConfig s = source(node, env);
      if (sources.put(s.id(), s) != null) {
        throw new IllegalStateException(
            "CAPTURE_SOURCES_FILE: source '" + s.id() + "' is defined twice");
      }
    }
    return sources;
  }

  private static SourceConfig source(JsonNode n, Function<String, String> env) {
    String id = n.path("id").asText("");
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException(
          "CAPTURE_SOURCES_FILE: source id '" + id + "' must be 1-64 of a-z, 0-9, '-'");
    }
    n.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                throw new IllegalStateException(where(id) + "unknown setting '" + f + "'");
              }
            });
    SourceKind kind = parseEnum(SourceKind.class, n.path("kind").asText(""), id, "kind");
    SourceChannel channel =
        n.has("channel")
            ? parseEnum(
                SourceChannel.class,
                "SOURCE_CHANNEL_"
                    + n.get("channel").asText().replaceFirst("(?i)^SOURCE_CHANNEL_", ""),
                id,
                "channel")
            : defaultChannel(kind);
    JsonNode auth = n.path("auth");
    String caller = text(auth, "api_key_caller");
    String secretEnv = text(auth, "hmac_secret_env");
    String secret = null;
    if (secretEnv != null) {
      secret = env.apply(secretEnv);
      if (secret == null || secret.length() < 16) {
        throw new IllegalStateException(
            where(id)
                + "environment variable "
                + secretEnv
                + " must hold an HMAC secret of at least 16 characters");
      }
    }
    if (caller == null && secret == null) {
      throw new IllegalStateException(
          where(id) + "auth needs api_key_caller or hmac_secret_env: every source authenticates");
    }
    if ((kind == SourceKind.HUBSPOT || kind == SourceKind.MAPPED) && secret == null) {
      throw new IllegalStateException(where(id) + "webhook sources need auth.hmac_secret_env");
    }
    Duration window =
        auth.has("replay_window")
            ? duration(auth.get("replay_window").asText(), id)
            : Duration.ofMinutes(5);
    Set<String> hosts = new HashSet<>();
    n.path("redirect_hosts").forEach(h -> hosts.add(h.asText().toLowerCase(Locale.ROOT)));
    Map<String, String> mapping = new LinkedHashMap<>();
    n.path("mapping")
        .fields()
        .forEachRemaining(e -> mapping.put(e.getKey(), e.getValue().asText()));
    if (kind == SourceKind.MAPPED && mapping.isEmpty()) {
      throw new IllegalStateException(
          where(id) + "a mapped source needs a mapping (JSON path: lead field)");
    }
    FieldMapping fieldMapping;
    try {
      fieldMapping = FieldMapping.withOverrides(mapping);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(where(id) + e.getMessage());
    }
    return new SourceConfig(
        id,
        kind,
        channel,
        caller,
        secret,
        window,
        text(n, "honeypot"),
        n.path("reject_disposable_email").asBoolean(false),
        Set.copyOf(hosts),
        fieldMapping,
        Map.copyOf(mapping));
  }

  private static Duration duration(String v, String id) {
    try {
      return new dev.leadrouter.runtime.config.Settings(Map.of("W", v)).duration("W", null);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          where(id) + "auth.replay_window must be a duration like 5m, got '" + v + "'");
    }
  }

  private static SourceChannel defaultChannel(SourceKind kind) {
    return switch (kind) {
      case FORM -> SourceChannel.SOURCE_CHANNEL_WEB_FORM;
      case HUBSPOT, MAPPED -> SourceChannel.SOURCE_CHANNEL_CRM_WEBHOOK;
      case JSON -> SourceChannel.SOURCE_CHANNEL_API;
    };
  }

  private static <E extends Enum<E>> E parseEnum(
      Class<E> type, String value, String id, String field) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          where(id)
              + field
              + " '"
              + value
              + "' is not one of "
              + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
  }

  private static String where(String id) {
    return "CAPTURE_SOURCES_FILE, source '" + id + "': ";
  }
}
