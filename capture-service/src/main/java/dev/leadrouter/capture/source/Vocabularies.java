package dev.leadrouter.capture.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leadrouter.capture.normalize.Vocabulary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The canonical product interests and source ids of a deployment, from the {@code vocabularies}
 * section of {@code CAPTURE_SOURCES_FILE} (see {@code sources.example.yaml}): each canonical key
 * with the synonyms that mean it. Source ids of the configured sources are known without being
 * listed. Mistakes fail start-up with the key named.
 *
 * @param productInterests canonical product keys and their synonyms
 * @param sourceIds canonical source ids and their synonyms; configured only when the section lists
 *     source ids (otherwise no source id is "unknown")
 */
public record Vocabularies(Vocabulary productInterests, Vocabulary sourceIds) {
  private static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,63}$");
  private static final Pattern SOURCE_ID = Pattern.compile("^[a-z0-9-]{1,64}$");

  public static Vocabularies none() {
    return new Vocabularies(Vocabulary.none(false), Vocabulary.none(true));
  }

  /**
   * @param yaml the sources file
   * @param configuredSources ids of the sources it defines
   */
  public static Vocabularies parse(byte[] yaml, Set<String> configuredSources) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalStateException("CAPTURE_SOURCES_FILE is not valid YAML");
    }
    JsonNode section = root == null ? null : root.get("vocabularies");
    if (section == null || section.isNull()) {
      return none();
    }
    section
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("product_interests") && !f.equals("source_ids")) {
                throw new IllegalStateException(
                    where(f) + "unknown vocabulary; use product_interests or source_ids");
              }
            });
    Vocabulary products =
        section.has("product_interests")
            ? build("product_interests", section.get("product_interests"), Set.of(), KEY, false)
            : Vocabulary.none(false);
    Set<String> known = new HashSet<>(configuredSources);
    known.add("api");
    Vocabulary sources =
        section.has("source_ids")
            ? build("source_ids", section.get("source_ids"), known, SOURCE_ID, true)
            : Vocabulary.none(true);
    return new Vocabularies(products, sources);
  }

  private static Vocabulary build(
      String name, JsonNode node, Set<String> known, Pattern canonical, boolean slug) {
    if (!node.isObject()) {
      throw new IllegalStateException(
          where(name) + "must map each canonical value to a list of synonyms");
    }
    Map<String, List<String>> synonyms = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (!canonical.matcher(e.getKey()).matches()) {
                throw new IllegalStateException(
                    where(name)
                        + "'"
                        + e.getKey()
                        + "' must be lower case letters, digits"
                        + (slug ? " and '-'" : ", '_', '.' and '-'")
                        + ", at most 64 characters");
              }
              List<String> others = new ArrayList<>();
              JsonNode list = e.getValue();
              if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                  throw new IllegalStateException(
                      where(name) + "synonyms of '" + e.getKey() + "' must be a list");
                }
                list.forEach(s -> others.add(s.asText()));
              }
              synonyms.put(e.getKey(), others);
            });
    try {
      return Vocabulary.of(synonyms, known, slug);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(where(name) + e.getMessage());
    }
  }

  private static String where(String name) {
    return "CAPTURE_SOURCES_FILE, vocabularies." + name + ": ";
  }
}
