package dev.leadrouter.notify.ratelimit;

import dev.leadrouter.runtime.config.Settings;

/** Reads rates (messages per second, decimals allowed: {@code 0.5} = one every two seconds). */
public final class RateSettings {
  private RateSettings() {}

  public static double perSecond(Settings s, String name, double defaultValue) {
    String v = s.optional(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      double rate = Double.parseDouble(v);
      if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
        throw new NumberFormatException();
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "Setting " + name + " must be messages per second (0 = unlimited), got '" + v + "'");
    }
  }
}
