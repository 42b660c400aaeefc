package dev.leadrouter.routing.rules;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;

/** Small readers over CEL's syntax tree. */
final class Ast {
  private Ast() {}

  static boolean isIdent(CelExpr e, String name) {
    return e.exprKind().getKind() == Kind.IDENT && e.ident().name().equals(name);
  }

  /** The string literal, or null when the node is anything else. */
  static String stringConstant(CelExpr e) {
    return e.exprKind().getKind() == Kind.CONSTANT
            && e.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? e.constant().stringValue()
        : null;
  }

  /** True for {@code lead.location.country_code}. */
  static boolean isCountryCode(CelExpr e) {
    if (e.exprKind().getKind() != Kind.SELECT || !e.select().field().equals("country_code")) {
      return false;
    }
    CelExpr location = e.select().operand();
    return location.exprKind().getKind() == Kind.SELECT
        && location.select().field().equals("location")
        && isIdent(location.select().operand(), "lead");
  }
}
