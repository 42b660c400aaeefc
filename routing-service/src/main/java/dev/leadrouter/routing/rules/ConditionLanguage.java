package dev.leadrouter.routing.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructTypeReference;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.leadrouter.v1.Lead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CEL environment rule conditions are written in, built once per matrix (it knows the matrix's
 * territories). A condition sees:
 *
 * <ul>
 *   <li>{@code lead}: the lead as the proto message {@code leadrouter.v1.Lead}, e.g. {@code
 *       lead.company.employee_count >= 1000}, {@code 'analytics' in lead.product_interests}, {@code
 *       lead.location.postal_code.matches('^9[0-4]')}, {@code has(lead.deal_value)}, {@code
 *       lead.customer_type == CustomerType.CUSTOMER_TYPE_EXISTING_CUSTOMER};
 *   <li>{@code score}: the lead's score from the matrix's scoring model (not visible to scoring
 *       rules);
 *   <li>{@code in_territory(lead, 'emea')}: the lead's country, region or postal prefix is in the
 *       territory;
 *   <li>{@code territories.emea}: the territory's country codes, e.g. {@code
 *       lead.location.country_code in territories.emea}.
 * </ul>
 */
public final class ConditionLanguage {
  private static final String LEAD_TYPE = "leadrouter.v1.Lead";
  private final Map<String, Territory> territories;
  private final Map<String, List<String>> territoryCountries;
  private final Cel withScore;
  private final Cel withoutScore;

  public ConditionLanguage(Map<String, Territory> territories) {
    this.territories = Map.copyOf(territories);
    Map<String, List<String>> countries = new TreeMap<>();
    territories.forEach((name, t) -> countries.put(name, t.countries().stream().sorted().toList()));
    this.territoryCountries = Map.copyOf(countries);
    this.withScore = build(true);
    this.withoutScore = build(false);
  }

  /** A compiled condition, or the problems that stop it compiling. */
  public record Compiled(Condition condition, List<String> errors) {
    public boolean ok() {
      return condition != null;
    }
  }

  /**
   * Parses and type-checks an expression; it must be a bool. Unknown fields, wrong types and
   * unknown territories are reported here, at publish time, never at routing time.
   *
   * @param scoreVisible false for scoring rules (the score is what they compute)
   */
  public Compiled compile(String expression, boolean scoreVisible) {
    Cel cel = scoreVisible ? withScore : withoutScore;
    CelAbstractSyntaxTree ast;
    try {
      ast = cel.compile(expression).getAst();
    } catch (CelValidationException e) {
      List<String> errors = e.getErrors().stream().map(i -> i.getMessage()).distinct().toList();
      return new Compiled(null, errors.isEmpty() ? List.of(e.getMessage()) : errors);
    }
    List<String> errors = new ArrayList<>();
    visit(ast.getExpr(), errors);
    if (!errors.isEmpty()) {
      return new Compiled(null, errors);
    }
    try {
      CelRuntime.Program program = cel.createProgram(ast);
      return new Compiled(new Condition(expression, ast, program, territoryCountries), List.of());
    } catch (CelEvaluationException e) {
      return new Compiled(null, List.of(e.getMessage()));
    }
  }

  // CEL wants the in_territory binding @Immutable; it closes over `territories`, a Map.copyOf of
  // records that copy their own sets, so nothing it reads can change after construction.
  @SuppressWarnings("Immutable")
  private Cel build(boolean scoreVisible) {
    var builder =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addMessageTypes(Lead.getDescriptor())
            .setContainer("leadrouter.v1")
            .addVar("lead", StructTypeReference.create(LEAD_TYPE))
            .addVar(
                "territories",
                MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)))
            .addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration(
                    "in_territory",
                    CelOverloadDecl.newGlobalOverload(
                        "in_territory_lead_string",
                        SimpleType.BOOL,
                        StructTypeReference.create(LEAD_TYPE),
                        SimpleType.STRING)))
            .addFunctionBindings(
                CelRuntime.CelFunctionBinding.from(
                    "in_territory_lead_string",
                    Lead.class,
                    String.class,
                    (lead, name) -> {
                      Territory t = territories.get(name);
                      return t != null && t.contains(lead);
                    }))
            .setResultType(SimpleType.BOOL);
    if (scoreVisible) {
      builder.addVar("score", SimpleType.INT);
    }
    return builder.build();
  }

  /** Territory names are plain strings to CEL, so check each one the expression names. */
  private void visit(CelExpr e, List<String> errors) {
    switch (e.exprKind().getKind()) {
      case CALL -> {
        var call = e.call();
        if (call.function().equals("in_territory") && call.args().size() == 2) {
          checkTerritory(Ast.stringConstant(call.args().get(1)), "in_territory", errors);
        }
        if (call.function().equals("_[_]") && Ast.isIdent(call.args().get(0), "territories")) {
          checkTerritory(Ast.stringConstant(call.args().get(1)), "territories[...]", errors);
        }
        call.target().ifPresent(t -> visit(t, errors));
        call.args().forEach(a -> visit(a, errors));
      }
      case SELECT -> {
        if (Ast.isIdent(e.select().operand(), "territories")) {
          checkTerritory(e.select().field(), "territories." + e.select().field(), errors);
        }
        visit(e.select().operand(), errors);
      }
      case LIST -> e.list().elements().forEach(x -> visit(x, errors));
      case COMPREHENSION -> {
        var c = e.comprehension();
        List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result())
            .forEach(x -> visit(x, errors));
      }
      default -> {}
    }
  }

  private void checkTerritory(String name, String where, List<String> errors) {
    if (name == null) {
      errors.add(where + ": the territory must be a string literal");
    } else if (!territories.containsKey(name)) {
      errors.add(
          "unknown territory '"
              + name
              + "'; known: "
              + new java.util.TreeSet<>(territories.keySet()));
    }
  }
}
