package dev.leadrouter.console;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;

/**
 * The signed-in person, as kept in their server-side session: the key they typed once (never sent
 * back to the browser), the name their changes are recorded under, and whether their key may change
 * things (a convenience to hide buttons; the services enforce the real check).
 */
public record Operator(String apiKey, String name, boolean canChange) {
  static final String KEY = "operator.key";
  static final String NAME = "operator.name";
  static final String CAN_CHANGE = "operator.canChange";

  /** The operator of this request, or null when nobody is signed in. */
  public static Operator of(RoutingContext ctx) {
    Session s = ctx.session();
    if (s == null || s.get(KEY) == null) {
      return null;
    }
    return new Operator(s.get(KEY), s.get(NAME), Boolean.TRUE.equals(s.get(CAN_CHANGE)));
  }

  void store(Session s) {
    s.put(KEY, apiKey);
    s.put(NAME, name);
    s.put(CAN_CHANGE, canChange);
  }
}
