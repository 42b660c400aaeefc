package dev.leadrouter.runtime.crm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * HubSpot's burst limit: at most {@code limit} requests in any rolling ten seconds. Each request
 * reserves a send time, never earlier than the one reserved before it: now when the window has
 * room, else the moment the request {@code limit} places back leaves the window. The caller waits
 * until then.
 */
public final class TenSecondWindow {
  static final Duration WINDOW = Duration.ofSeconds(10);
  // HubSpot counts a request when it arrives, we when we send it: a slot is freed a little after
  // the window so that network jitter cannot put one request too many in HubSpot's window.
  static final Duration MARGIN = Duration.ofMillis(250);

  private final int limit;
  // Reserved send times in order; those a window in the past no longer count.
  private final ArrayDeque<Instant> slots = new ArrayDeque<>();

  public TenSecondWindow(int limit) {
    this.limit = limit;
  }

  /** How long the caller must wait before sending; the slot is taken. */
  public synchronized Duration reserve(Instant now) {
    while (!slots.isEmpty() && !slots.peekFirst().plus(WINDOW).plus(MARGIN).isAfter(now)) {
      slots.pollFirst();
    }
    Instant at = slots.isEmpty() || slots.peekLast().isBefore(now) ? now : slots.peekLast();
    if (slots.size() >= limit) {
      Instant[] ordered = slots.toArray(Instant[]::new);
      Instant freed = ordered[ordered.length - limit].plus(WINDOW).plus(MARGIN);
      if (freed.isAfter(at)) {
        at = freed;
      }
    }
    slots.addLast(at);
    return Duration.between(now, at);
  }
}
