package dev.leadrouter.sla.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Conversions between protobuf and java.time, with the range checks protobuf documents. */
final class ProtoTime {
  // 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z, the range google.protobuf.Timestamp allows.
  private static final long MIN_SECONDS = -62_135_596_800L;
  private static final long MAX_SECONDS = 253_402_300_799L;
  private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

  private ProtoTime() {}

  static boolean isValid(Timestamp t) {
    return t.getSeconds() >= MIN_SECONDS
        && t.getSeconds() <= MAX_SECONDS
        && t.getNanos() >= 0
        && t.getNanos() < 1_000_000_000;
  }

  static boolean isValid(Duration d) {
    boolean sameSign =
        d.getSeconds() == 0 || d.getNanos() == 0 || (d.getSeconds() < 0) == (d.getNanos() < 0);
    return Math.abs(d.getSeconds()) <= MAX_DURATION_SECONDS
        && Math.abs(d.getNanos()) < 1_000_000_000
        && sameSign;
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static java.time.Duration duration(Duration d) {
    return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
