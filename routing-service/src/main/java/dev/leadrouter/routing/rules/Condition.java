package dev.leadrouter.routing.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.leadrouter.v1.Lead;
import java.util.List;
import java.util.Map;

/**
 * A rule or scoring condition compiled once per published matrix version. Evaluating it is pure and
 * allocation-light, so it runs on the event loop.
 */
public final class Condition {
  private final String source;
  private final CelAbstractSyntaxTree ast;
  private final CelRuntime.Program program;
  private final Map<String, List<String>> territoryCountries;

  Condition(
      String source,
      CelAbstractSyntaxTree ast,
      CelRuntime.Program program,
      Map<String, List<String>> territoryCountries) {
    this.source = source;
    this.ast = ast;
    this.program = program;
    this.territoryCountries = territoryCountries;
  }

  /**
   * Result of one evaluation; an evaluation error (e.g. a missing map key) counts as no match and
   * says why.
   */
  public record Outcome(boolean matched, String error) {
    static final Outcome MATCH = new Outcome(true, null);
    static final Outcome NO_MATCH = new Outcome(false, null);
  }

  public Outcome evaluate(Lead lead, long score) {
    try {
      Object result =
          program.eval(Map.of("lead", lead, "score", score, "territories", territoryCountries));
      return Boolean.TRUE.equals(result) ? Outcome.MATCH : Outcome.NO_MATCH;
    } catch (CelEvaluationException | RuntimeException e) {
      return new Outcome(false, e.getMessage());
    }
  }

  /** The expression as written in the matrix. */
  public String source() {
    return source;
  }

  CelAbstractSyntaxTree ast() {
    return ast;
  }

  /** The constant-true condition ("true"): every rule after it is unreachable. */
  public boolean alwaysTrue() {
    var expr = ast.getExpr();
    return expr.exprKind().getKind() == dev.cel.common.ast.CelExpr.ExprKind.Kind.CONSTANT
        && expr.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.BOOLEAN_VALUE
        && expr.constant().booleanValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && c.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
