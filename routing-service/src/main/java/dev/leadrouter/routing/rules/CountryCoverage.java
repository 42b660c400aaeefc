package dev.leadrouter.routing.rules;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a condition says about the lead's country, for finding rules that can never match. Only
 * shapes whose meaning is certain are understood: {@code country_code == 'US'}, {@code country_code
 * in [...]}, {@code country_code in territories.x}, {@code in_territory(lead, 'x')} for a
 * countries-only territory, and {@code ||} / {@code &&} of those.
 */
public final class CountryCoverage {
  private final Map<String, Territory> territories;

  public CountryCoverage(Map<String, Territory> territories) {
    this.territories = territories;
  }

  /**
   * The countries for which the condition is certainly true, when it depends on the country alone.
   */
  public Optional<Set<String>> exactly(Condition c) {
    return Optional.ofNullable(exact(c.ast().getExpr()));
  }

  /**
   * The countries outside of which the condition is certainly false (a necessary country
   * constraint).
   */
  public Optional<Set<String>> atMost(Condition c) {
    return Optional.ofNullable(bound(c.ast().getExpr()));
  }

  private Set<String> exact(CelExpr e) {
    if (e.exprKind().getKind() != Kind.CALL) {
      return null;
    }
    var call = e.call();
    var args = call.args();
    switch (call.function()) {
      case "_==_" -> {
        if (Ast.isCountryCode(args.get(0)) && Ast.stringConstant(args.get(1)) != null) {
          return Set.of(Ast.stringConstant(args.get(1)));
        }
        return null;
      }
      case "@in" -> {
        if (!Ast.isCountryCode(args.get(0))) {
          return null;
        }
        return literalSet(args.get(1));
      }
      case "in_territory" -> {
        Territory t = territories.get(Ast.stringConstant(args.get(1)));
        return t != null && t.countriesOnly() ? t.countries() : null;
      }
      case "_||_" -> {
        Set<String> a = exact(args.get(0));
        Set<String> b = exact(args.get(1));
        if (a == null || b == null) {
          return null;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
      }
      default -> {
        return null;
      }
    }
  }

  private Set<String> bound(CelExpr e) {
    Set<String> exact = exact(e);
    if (exact != null) {
      return exact;
    }
    if (e.exprKind().getKind() == Kind.CALL && e.call().function().equals("_&&_")) {
      Set<String> a = bound(e.call().args().get(0));
      Set<String> b = bound(e.call().args().get(1));
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      Set<String> both = new HashSet<>(a);
      both.retainAll(b);
      return both;
    }
    if (e.exprKind().getKind() == Kind.CALL && e.call().function().equals("in_territory")) {
      Territory t = territories.get(Ast.stringConstant(e.call().args().get(1)));
      // a territory with regions or postal prefixes still only matches leads within its countries
      // when those regions/prefixes are all inside listed countries; we do not know that, so no
      // bound.
      return t != null && t.countriesOnly() ? t.countries() : null;
    }
    return null;
  }

  private Set<String> literalSet(CelExpr e) {
    if (e.exprKind().getKind() == Kind.LIST) {
      Set<String> out = new HashSet<>();
      for (CelExpr x : e.list().elements()) {
        String s = Ast.stringConstant(x);
        if (s == null) {
          return null;
        }
        out.add(s);
      }
      return out;
    }
    if (e.exprKind().getKind() == Kind.SELECT && Ast.isIdent(e.select().operand(), "territories")) {
      Territory t = territories.get(e.select().field());
      return t == null ? null : t.countries();
    }
    return null;
  }
}
