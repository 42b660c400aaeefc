package dev.leadrouter.console.backtest;

import dev.leadrouter.v1.BacktestDecision;
import dev.leadrouter.v1.BacktestOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a draft matrix would change over replayed leads: how many change queue or owner, and the
 * count per rule, queue and rep under the published matrix and under the draft (the load spread).
 */
public final class BacktestSummary {
  /** A rule, queue or rep with its lead count before (published) and after (draft). */
  public record Line(String key, int before, int after) {
    public int delta() {
      return after - before;
    }
  }

  private int leads;
  private int queueChanged;
  private int ownerChanged;
  private int unroutableBefore;
  private int unroutableAfter;
  private final Map<String, int[]> rules = new TreeMap<>();
  private final Map<String, int[]> queues = new TreeMap<>();
  private final Map<String, int[]> reps = new TreeMap<>();

  public void add(List<BacktestOutcome> outcomes) {
    for (BacktestOutcome o : outcomes) {
      add(o.getBaseline(), o.getDraft());
    }
  }

  private void add(BacktestDecision before, BacktestDecision after) {
    leads++;
    if (!before.getQueueId().equals(after.getQueueId())) {
      queueChanged++;
    }
    if (!before.getRepId().equals(after.getRepId())) {
      ownerChanged++;
    }
    unroutableBefore += before.getUnroutable() ? 1 : 0;
    unroutableAfter += after.getUnroutable() ? 1 : 0;
    count(rules, before.getRuleId(), 0);
    count(rules, after.getRuleId(), 1);
    count(queues, name(before.getQueueId()), 0);
    count(queues, name(after.getQueueId()), 1);
    count(reps, name(before.getRepId()), 0);
    count(reps, name(after.getRepId()), 1);
  }

  private static String name(String id) {
    return id.isEmpty() ? "(nobody)" : id;
  }

  private static void count(Map<String, int[]> table, String key, int column) {
    table.computeIfAbsent(key, k -> new int[2])[column]++;
  }

  public int leads() {
    return leads;
  }

  public int queueChanged() {
    return queueChanged;
  }

  public int ownerChanged() {
    return ownerChanged;
  }

  public int unroutableBefore() {
    return unroutableBefore;
  }

  public int unroutableAfter() {
    return unroutableAfter;
  }

  public List<Line> rules() {
    return lines(rules);
  }

  public List<Line> queues() {
    return lines(queues);
  }

  public List<Line> reps() {
    return lines(reps);
  }

  private static List<Line> lines(Map<String, int[]> table) {
    List<Line> out = new ArrayList<>();
    table.forEach((k, v) -> out.add(new Line(k, v[0], v[1])));
    return out;
  }
}
