package dev.leadrouter.console.matrix;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line of a YAML document a validation path points at, e.g. {@code rules[3].queue} or
 * {@code source:rules[3].when}: the deepest node of the path that exists, so a missing key points
 * at its parent. A document that does not parse points at the syntax error.
 */
public final class YamlLines {
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");
  private final Node root;
  private final int syntaxErrorLine;

  public YamlLines(String source) {
    Node parsed = null;
    int errorLine = 0;
    try {
      parsed = new Yaml(new LoaderOptions()).compose(new StringReader(source));
    } catch (MarkedYAMLException e) {
      errorLine = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
    } catch (RuntimeException e) {
      errorLine = 1;
    }
    this.root = parsed;
    this.syntaxErrorLine = errorLine;
  }

  /** 1-based line for the path, or 0 when the path says nothing about where. */
  public int lineOf(String path) {
    if (syntaxErrorLine > 0) {
      return syntaxErrorLine;
    }
    if (root == null || path == null) {
      return 0;
    }
    String p = path.startsWith("source:") ? path.substring("source:".length()) : path;
    if (p.equals("source") || p.isEmpty()) {
      return 0;
    }
    Node node = root;
    int line = 0;
    for (String step : steps(p)) {
      Located next = child(node, step);
      if (next == null) {
        break;
      }
      line = next.line();
      node = next.node();
    }
    return line;
  }

  private static List<String> steps(String path) {
    List<String> out = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : "#" + m.group(2));
    }
    return out;
  }

  /** A node and the line that names it (a mapping value's key line, a list item's own line). */
  private record Located(Node node, int line) {}

  private static Located child(Node node, String step) {
    if (step.startsWith("#") && node instanceof SequenceNode seq) {
      int i = Integer.parseInt(step.substring(1));
      if (i >= seq.getValue().size()) {
        return null;
      }
      Node item = seq.getValue().get(i);
      return new Located(item, item.getStartMark().getLine() + 1);
    }
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(step)) {
          return new Located(t.getValueNode(), k.getStartMark().getLine() + 1);
        }
      }
    }
    return null;
  }
}
