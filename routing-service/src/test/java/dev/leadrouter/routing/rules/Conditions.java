package dev.leadrouter.routing.rules;

import java.util.Map;

/** Compiles conditions for tests, failing loudly when one does not compile. */
public final class Conditions {
  private Conditions() {}

  public static Condition cel(String expression) {
    return cel(expression, Map.of());
  }

  public static Condition cel(String expression, Map<String, Territory> territories) {
    var compiled = new ConditionLanguage(territories).compile(expression, true);
    if (!compiled.ok()) {
      throw new AssertionError(expression + ": " + compiled.errors());
    }
    return compiled.condition();
  }
}
