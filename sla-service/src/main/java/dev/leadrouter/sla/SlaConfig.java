package dev.leadrouter.sla;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.host.EndpointConfig;
import dev.leadrouter.runtime.outbox.RelayOptions;
import dev.leadrouter.sla.clock.SlaPolicy;
import dev.leadrouter.sla.digest.DigestSchedule;
import dev.leadrouter.sla.ladder.CatchUp;
import dev.leadrouter.sla.policy.PolicyBook;
import dev.leadrouter.sla.policy.PolicyFile;
import dev.leadrouter.sla.scheduler.SchedulerOptions;
import dev.leadrouter.sla.weekly.WeeklySchedule;
import io.vertx.core.net.HostAndPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The SLA service's configuration.
 *
 * <ul>
 *   <li>{@code SLA_GRPC_PORT} (9104), {@code SLA_HTTP_PORT} (8104) and the shared {@code
 *       LEADROUTER_*} listener settings, see {@link EndpointConfig#from}.
 *   <li>{@code LEADROUTER_DB_URL} etc., schema {@code sla}, pool size {@code SLA_DB_POOL_SIZE}, see
 *       {@link DatabaseConfig#from}; the outbox relay's {@code LEADROUTER_OUTBOX_*}.
 *   <li>The built-in policy (for leads no policy in the file matches): {@code
 *       SLA_FIRST_TOUCH_TARGET} (5m), {@code SLA_WARN_BEFORE} (2m; 0 for no warning), {@code
 *       SLA_ESCALATE_AFTER} (0s: the manager is alerted at the deadline), {@code SLA_ALERT_MANAGER}
 *       (true), {@code SLA_REASSIGN_AFTER} (unset: never reassign), {@code SLA_BUSINESS_HOURS}
 *       (false).
 *   <li>{@code SLA_POLICIES_FILE}: YAML policies chosen by rules, see {@link PolicyFile}.
 *   <li>{@code SLA_NOTIFY_ADDRESS} (localhost:9103), {@code SLA_ROUTING_ADDRESS} (localhost:9102),
 *       {@code SLA_CALL_DEADLINE} (10s).
 *   <li>{@code LEADROUTER_ACK_SECRET}: verifies the one-click "I'm on it" links; unset = no ack
 *       route.
 *   <li>{@code SLA_WEBHOOK_SECRET}: verifies CRM touch webhooks; unset = no webhook route.
 *   <li>Scheduler: see {@link SchedulerOptions}.
 *   <li>{@code SLA_CATCH_UP_AFTER} (2m): a ladder step firing later than this was missed (outage,
 *       restart); its escalation goes into the manager's digest, see {@link CatchUp}.
 *   <li>{@code SLA_DIGEST_GATHER} (30s), {@code SLA_DIGEST_INTERVAL} (15m), {@code
 *       SLA_DIGEST_CHECK} (10s): a manager's digest waits this long for the backlog to collect, at
 *       most one per interval per manager; replicas check this often.
 *   <li>{@code SLA_WEEKLY_REPORT_ENABLED} (true), {@code SLA_WEEKLY_REPORT_DAY} (MONDAY), {@code
 *       SLA_WEEKLY_REPORT_TIME} (08:00), {@code SLA_WEEKLY_REPORT_ZONE} (UTC), {@code
 *       SLA_WEEKLY_REPORT_CHECK} (1m).
 * </ul>
 */
public record SlaConfig(
    EndpointConfig endpoints,
    DatabaseConfig database,
    RelayOptions relay,
    PolicyBook policies,
    HostAndPort notifyAddress,
    HostAndPort routingAddress,
    Duration callDeadline,
    String internalApiKey,
    String ackSecret,
    String webhookSecret,
    SchedulerOptions scheduler,
    boolean weeklyReportEnabled,
    WeeklySchedule weeklySchedule,
    Duration weeklyReportCheck,
    CatchUp catchUp,
    DigestSchedule digests,
    Duration digestCheck) {
  public static final Duration DEFAULT_FIRST_TOUCH_TARGET = Duration.ofMinutes(5);
  public static final Duration DEFAULT_WARN_BEFORE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ZERO;

  /** The built-in policy's id. */
  public static final String DEFAULT_POLICY_ID = "default";

  public static SlaConfig from(Settings settings) {
    SlaPolicy fallback = builtInPolicy(settings);
    return new SlaConfig(
        EndpointConfig.from(settings, "SLA", 9104, 8104),
        DatabaseConfig.from(settings, "sla", "SLA"),
        RelayOptions.from(settings),
        policies(settings, fallback),
        HostAndPort.parseAuthority(settings.string("SLA_NOTIFY_ADDRESS", "localhost:9103"), 9103),
        HostAndPort.parseAuthority(settings.string("SLA_ROUTING_ADDRESS", "localhost:9102"), 9102),
        settings.duration("SLA_CALL_DEADLINE", Duration.ofSeconds(10)),
        settings.required("LEADROUTER_INTERNAL_API_KEY"),
        secret(settings, "LEADROUTER_ACK_SECRET"),
        secret(settings, "SLA_WEBHOOK_SECRET"),
        SchedulerOptions.from(settings),
        settings.bool("SLA_WEEKLY_REPORT_ENABLED", true),
        weeklySchedule(settings),
        settings.duration("SLA_WEEKLY_REPORT_CHECK", Duration.ofMinutes(1)),
        new CatchUp(settings.duration("SLA_CATCH_UP_AFTER", Duration.ofMinutes(2))),
        new DigestSchedule(
            settings.duration("SLA_DIGEST_GATHER", Duration.ofSeconds(30)),
            settings.duration("SLA_DIGEST_INTERVAL", Duration.ofMinutes(15))),
        settings.duration("SLA_DIGEST_CHECK", Duration.ofSeconds(10)));
  }

  /** The built-in policy (SLA_* settings): used for every lead no policy in the file matches. */
  public SlaPolicy policy() {
    return policies.fallback();
  }

  public Duration firstTouchTarget() {
    return policy().firstTouchTarget();
  }

  public Duration warnBefore() {
    return policy().warnBefore();
  }

  public Duration escalateAfter() {
    return policy().escalateAfter();
  }

  private static SlaPolicy builtInPolicy(Settings settings) {
    Duration reassign =
        settings.optional("SLA_REASSIGN_AFTER") == null
            ? null
            : settings.duration("SLA_REASSIGN_AFTER", null);
    try {
      // Fails start-up with the setting's name rather than the first StartClock call.
      return new SlaPolicy(
          DEFAULT_POLICY_ID,
          settings.duration("SLA_FIRST_TOUCH_TARGET", DEFAULT_FIRST_TOUCH_TARGET),
          settings.duration("SLA_WARN_BEFORE", DEFAULT_WARN_BEFORE),
          settings.duration("SLA_ESCALATE_AFTER", DEFAULT_ESCALATE_AFTER),
          settings.bool("SLA_ALERT_MANAGER", true),
          reassign,
          settings.bool("SLA_BUSINESS_HOURS", false));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Invalid SLA_FIRST_TOUCH_TARGET / SLA_WARN_BEFORE / SLA_ESCALATE_AFTER /"
              + " SLA_REASSIGN_AFTER: "
              + e.getMessage(),
          e);
    }
  }

  private static PolicyBook policies(Settings settings, SlaPolicy fallback) {
    String file = settings.optional("SLA_POLICIES_FILE");
    if (file == null) {
      return PolicyBook.of(fallback);
    }
    String yaml;
    try {
      yaml = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "SLA_POLICIES_FILE " + file + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return PolicyFile.parse(yaml, fallback);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "SLA_POLICIES_FILE " + file + " is invalid: " + e.getMessage(), e);
    }
  }

  private static String secret(Settings settings, String name) {
    String value = settings.optional(name);
    if (value != null && value.length() < 16) {
      throw new IllegalStateException(name + " must be at least 16 characters");
    }
    return value;
  }

  private static WeeklySchedule weeklySchedule(Settings settings) {
    String day = settings.string("SLA_WEEKLY_REPORT_DAY", "MONDAY");
    String time = settings.string("SLA_WEEKLY_REPORT_TIME", "08:00");
    String zone = settings.string("SLA_WEEKLY_REPORT_ZONE", "UTC");
    try {
      return new WeeklySchedule(
          DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)), LocalTime.parse(time), ZoneId.of(zone));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalStateException(
          "SLA_WEEKLY_REPORT_DAY / _TIME / _ZONE must be like MONDAY, 08:00, Europe/Berlin;"
              + " got "
              + day
              + ", "
              + time
              + ", "
              + zone);
    }
  }
}
