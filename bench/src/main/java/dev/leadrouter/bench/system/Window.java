package dev.leadrouter.bench.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One measured stretch of load: the leads the generator sent in it (by sequence number), when it
 * started in PostgreSQL's clock (to pick its rows), and the CPU every process used until its last
 * lead was notified. Nothing sent before it opened counts, so a warm-up or an earlier step does not
 * blur it.
 */
final class Window {
  private final CpuShares cpu;
  final long firstSeq;
  final Timestamp dbStart;
  private final long startedNanos = System.nanoTime();
  private final Map<String, Duration> cpuBefore;
  private long lastSeq = Long.MAX_VALUE;
  private long closedNanos;
  private Map<String, Duration> cpuAfter;

  private Window(CpuShares cpu, long firstSeq, Timestamp dbStart) {
    this.cpu = cpu;
    this.firstSeq = firstSeq;
    this.dbStart = dbStart;
    this.cpuBefore = cpu.snapshot();
  }

  static Window open(LoadGenerator load, CpuShares cpu, String jdbc) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery("SELECT now()")) {
      rs.next();
      return new Window(cpu, load.sequence.get() + 1, rs.getTimestamp(1));
    }
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * Ends the window when the load stops: waits for the generator's requests to be answered, then
   * (up to {@code maxDrain}) for every accepted lead's email. Returns how long that drain took.
   */
  Duration close(LoadGenerator load, SmtpSink sink, Duration maxDrain) throws InterruptedException {
    lastSeq = load.sequence.get();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (load.inFlight.get() > 0 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    long drainStart = System.nanoTime();
    long deadline = drainStart + maxDrain.toNanos();
    while (System.nanoTime() < deadline && notified(load, sink) < accepted(load)) {
      Thread.sleep(250);
    }
    closedNanos = System.nanoTime();
    cpuAfter = cpu.snapshot();
    return Duration.ofNanos(closedNanos - drainStart);
  }

  boolean contains(long seq) {
    return seq >= firstSeq && seq <= lastSeq;
  }

  long sent() {
    return lastSeq - firstSeq + 1;
  }

  long accepted(LoadGenerator load) {
    return load.accepted.entrySet().stream()
        .filter(e -> contains(e.getKey()) && e.getValue())
        .count();
  }

  long notified(LoadGenerator load, SmtpSink sink) {
    return load.accepted.entrySet().stream()
        .filter(e -> contains(e.getKey()) && e.getValue())
        .filter(e -> sink.firstArrival.containsKey(e.getKey()))
        .count();
  }

  /** Send to end of the new-lead email's SMTP DATA, microseconds, for accepted leads. */
  Histogram endToEnd(LoadGenerator load, SmtpSink sink) {
    Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    load.accepted.forEach(
        (seq, ok) -> {
          Long arrived = sink.firstArrival.get(seq);
          Long sent = load.sentAt.get(seq);
          if (ok && contains(seq) && arrived != null && sent != null) {
            h.recordValue(Math.max(1, (arrived - sent) / 1000));
          }
        });
    return h;
  }

  /** Send to 2xx/OK, microseconds. */
  Histogram ack(LoadGenerator load) {
    Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    load.ackedAt.forEach(
        (seq, acked) -> {
          Long sent = load.sentAt.get(seq);
          if (contains(seq) && sent != null) {
            h.recordValue(Math.max(1, (acked - sent) / 1000));
          }
        });
    return h;
  }

  /** Per-process CPU from opening to the last email, per accepted lead. */
  String cpu(LoadGenerator load) {
    return CpuShares.render(
        cpuBefore, cpuAfter, Duration.ofNanos(closedNanos - startedNanos), accepted(load));
  }
}
