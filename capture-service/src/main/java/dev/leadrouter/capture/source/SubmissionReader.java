package dev.leadrouter.capture.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.input.StrictJson;
import dev.leadrouter.v1.Lead;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a form post, a HubSpot submission or a mapped JSON webhook into a {@link Submission},
 * following the source's configuration. Pure: no I/O, every problem an {@link
 * InvalidInputException}.
 */
public final class SubmissionReader {
  // Bodies pass StrictJson first (one value, no duplicate keys, bounded depth, no NUL or lone
  // surrogates); the mapper's own checks stay as a second line.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private SubmissionReader() {}

  /** A form post: every mapped field, Salesforce custom fields as attributes, retURL if allowed. */
  public static Submission form(SourceConfig source, byte[] body) {
    Map<String, String> fields = FormBody.parse(body);
    boolean honeypot = tripped(source, fields.get(source.honeypot()));
    String returnUrl =
        allowedRedirect(source, fields.getOrDefault("retURL", fields.getOrDefault("returl", "")));
    Lead.Builder b = start(source);
    List<Violation> violations = new ArrayList<>();
    fields.forEach(
        (name, value) ->
            source
                .mapping()
                .target(name)
                .ifPresent(path -> LeadFields.set(b, path, value, name, violations)));
    return finish(new Submission(b.build(), honeypot, returnUrl), violations);
  }

  /**
   * A HubSpot form submission: {"fields":[{"name":..,"value":..}], "context":{...},
   * "submittedAt":..}.
   */
  public static Submission hubspot(SourceConfig source, byte[] body) {
    JsonNode root = json(body);
    JsonNode fieldList = root.get("fields");
    if (fieldList == null || !fieldList.isArray()) {
      throw new InvalidInputException("fields", "a HubSpot submission needs a \"fields\" array");
    }
    Lead.Builder b = start(source);
    List<Violation> violations = new ArrayList<>();
    boolean honeypot = false;
    for (int i = 0; i < fieldList.size(); i++) {
      JsonNode f = fieldList.get(i);
      if (!f.isObject() || !f.path("name").isTextual() || !f.path("value").isValueNode()) {
        violations.add(
            new Violation("fields[" + i + "]", "must be {\"name\": string, \"value\": string}"));
        continue;
      }
      String name = f.get("name").asText();
      String value = f.get("value").asText();
      if (name.equals(source.honeypot())) {
        honeypot |= filled(f.get("value"));
        continue;
      }
      source
          .mapping()
          .target(name)
          .ifPresent(path -> LeadFields.set(b, path, value, "fields[" + name + "]", violations));
    }
    JsonNode context = root.path("context");
    LeadFields.set(
        b,
        "source.campaign.landing_page_url",
        context.path("pageUri").asText(""),
        "context.pageUri",
        violations);
    LeadFields.set(
        b,
        "consent.ip_address",
        context.path("ipAddress").asText(""),
        "context.ipAddress",
        violations);
    LeadFields.set(
        b,
        "attributes.hubspot_page_name",
        context.path("pageName").asText(""),
        "context.pageName",
        violations);
    if (root.path("submissionId").isTextual()) {
      b.setExternalId(root.get("submissionId").asText());
    }
    return finish(new Submission(b.build(), honeypot, ""), violations);
  }

  /**
   * Any JSON object; the source's mapping names fields by JSON path ("person.email",
   * "answers.0.text").
   */
  public static Submission mapped(
      SourceConfig source, byte[] body, Map<String, String> jsonPathToField) {
    JsonNode root = json(body);
    Lead.Builder b = start(source);
    List<Violation> violations = new ArrayList<>();
    boolean honeypot = source.honeypot() != null && filled(node(root, source.honeypot()));
    jsonPathToField.forEach(
        (path, field) -> {
          String value = at(root, path);
          if (value != null) {
            LeadFields.set(b, /* path= */ field, value, /* sourceField= */ path, violations);
          }
        });
    return finish(new Submission(b.build(), honeypot, ""), violations);
  }

  private static Lead.Builder start(SourceConfig source) {
    Lead.Builder b = Lead.newBuilder();
    b.getSourceBuilder().setSourceId(source.id()).setChannel(source.channel());
    return b;
  }

  private static Submission finish(Submission s, List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return s;
  }

  private static boolean tripped(SourceConfig source, String value) {
    return source.honeypot() != null && value != null && !value.isBlank();
  }

  /**
   * Whether a JSON honeypot was filled in: a non-blank string, {@code true} or a non-zero number. A
   * form library that sends the untouched field as {@code false}, {@code 0}, {@code null} or {@code
   * ""} is a real visitor, whose lead must not be dropped.
   */
  private static boolean filled(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0;
    }
    return !value.isValueNode() || !value.asText().isBlank();
  }

  /**
   * The retURL when it is an absolute http(s) URL on a host the source allows; empty otherwise (no
   * open redirect).
   */
  static String allowedRedirect(SourceConfig source, String url) {
    if (url == null || url.isBlank()) {
      return "";
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      return (scheme.equals("https") || scheme.equals("http"))
              && source.redirectHosts().contains(host)
          ? uri.toString()
          : "";
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }

  private static JsonNode json(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("body", "not valid UTF-8");
    }
    StrictJson.check(body, "body");
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String m =
          e.getOriginalMessage() == null
              ? "unreadable"
              : e.getOriginalMessage().replaceAll("\\s+", " ");
      throw new InvalidInputException(
          "body", "malformed JSON: " + (m.length() > 200 ? m.substring(0, 200) + "..." : m));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("body", "must be a JSON object");
    }
    return root;
  }

  /** The text at a dotted path (array elements by index), or null when absent or not a scalar. */
  @SuppressWarnings("StringSplitter") // a trailing dot reads as if absent: "a." is "a"
  static String at(JsonNode root, String path) {
    JsonNode n = node(root, path);
    return n == null || !n.isValueNode() || n.isNull() ? null : n.asText();
  }

  private static JsonNode node(JsonNode root, String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      if (n == null) {
        return null;
      }
      n = n.isArray() && part.matches("\\d+") ? n.get(Integer.parseInt(part)) : n.get(part);
    }
    return n;
  }
}
