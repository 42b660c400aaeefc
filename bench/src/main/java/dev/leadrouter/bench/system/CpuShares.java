package dev.leadrouter.bench.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time used by each process of the run between two moments, from the kernel's per-process
 * accounting (what {@code top} shows), so a report can say which process saturates the machine and
 * what each lead costs it. PostgreSQL's backends are summed as one.
 */
final class CpuShares {
  private final Map<String, Supplier<Duration>> sources = new LinkedHashMap<>();

  CpuShares(List<ServiceProcess> services) {
    services.forEach(s -> sources.put(s.name(), s::cpuTime));
    sources.put("postgresql (all backends)", CpuShares::postgresCpu);
    sources.put("load generator + SMTP sink", CpuShares::selfCpu);
  }

  /** CPU used so far by each process. */
  Map<String, Duration> snapshot() {
    Map<String, Duration> out = new LinkedHashMap<>();
    sources.forEach((name, cpu) -> out.put(name, cpu.get()));
    return out;
  }

  /**
   * One line per process: CPU over the window as a share of one core and per lead, then the
   * machine's total.
   */
  static String render(
      Map<String, Duration> before, Map<String, Duration> after, Duration wall, long leads) {
    StringBuilder r = new StringBuilder();
    double total = 0;
    for (var e : after.entrySet()) {
      double cpuMs = e.getValue().minus(before.getOrDefault(e.getKey(), Duration.ZERO)).toMillis();
      total += cpuMs;
      r.append(
          String.format(
              "  %-28s %5.0f%% of a core, %.2f ms CPU per lead%n",
              e.getKey(), 100 * cpuMs / wall.toMillis(), leads == 0 ? 0 : cpuMs / leads));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    r.append(
        String.format(
            "  %-28s %5.0f%% of the machine's %d cores, %.2f ms CPU per lead%n",
            "all", 100 * total / wall.toMillis() / cores, cores, leads == 0 ? 0 : total / leads));
    return r.toString();
  }

  private static Duration selfCpu() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** The postmaster and every backend; a backend that exited meanwhile is not counted. */
  private static Duration postgresCpu() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }
}
