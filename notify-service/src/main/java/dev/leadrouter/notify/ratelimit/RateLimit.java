package dev.leadrouter.notify.ratelimit;

/**
 * How fast one endpoint may be called from one replica.
 *
 * @param perSecond sustained rate; 0 or less = unlimited
 * @param burst how many calls may go at once after a quiet period
 */
public record RateLimit(double perSecond, int burst) {
  public static final RateLimit UNLIMITED = new RateLimit(0, 1);

  public boolean unlimited() {
    return perSecond <= 0;
  }
}
