package dev.leadrouter.console.team;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Which queues of a matrix document each rep is a member of, with their weight and the line that
 * names them. Weights belong to a queue's membership in the routing matrix, not to the rep: the
 * Team page shows them and sends the person to those lines of the matrix editor, where a change
 * goes through the matrix's own validate, diff and publish (versioned, with its history).
 */
public final class QueueMemberships {
  /**
   * One membership: the queue, its strategy, the rep's weight (only for weighted queues, where an
   * unset weight is 1; else null) and the 1-based line of the member entry.
   */
  public record Membership(String queueId, String strategy, Integer weight, int line) {
    /** "enterprise: weight 3" or "north-america (round robin)". */
    public String text() {
      return weight != null
          ? queueId + ": weight " + weight
          : queueId + " (" + strategy.replace('_', ' ') + ")";
    }
  }

  private final Map<String, List<Membership>> byRep = new LinkedHashMap<>();

  private QueueMemberships() {}

  /** Reads the published document; one that does not parse (none is published yet) has none. */
  public static QueueMemberships of(String source) {
    QueueMemberships m = new QueueMemberships();
    if (source == null || source.isBlank()) {
      return m;
    }
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(source));
    } catch (RuntimeException e) {
      return m;
    }
    if (value(root, "queues") instanceof SequenceNode queues) {
      for (Node q : queues.getValue()) {
        m.readQueue(q);
      }
    }
    return m;
  }

  private void readQueue(Node queue) {
    String id = scalar(value(queue, "id"));
    String strategy = scalar(value(queue, "strategy"));
    if (id == null || !(value(queue, "members") instanceof SequenceNode members)) {
      return;
    }
    String s = strategy == null ? "round_robin" : strategy;
    boolean weighted = s.equals("weighted");
    for (Node member : members.getValue()) {
      String rep = member instanceof ScalarNode ? scalar(member) : scalar(value(member, "rep"));
      if (rep == null) {
        continue;
      }
      Integer weight = weighted ? weight(value(member, "weight")) : null;
      byRep
          .computeIfAbsent(rep, k -> new ArrayList<>())
          .add(new Membership(id, s, weight, member.getStartMark().getLine() + 1));
    }
  }

  private static Integer weight(Node node) {
    String text = scalar(node);
    if (text == null) {
      return 1;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public List<Membership> forRep(String repId) {
    return byRep.getOrDefault(repId, List.of());
  }

  private static Node value(Node node, String key) {
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    }
    return null;
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : null;
  }
}
