package dev.leadrouter.sla;

import static dev.leadrouter.runtime.testing.ArchitectureRules.adaptersRunNoSql;
import static dev.leadrouter.runtime.testing.ArchitectureRules.dependsOnNoOtherService;
import static dev.leadrouter.runtime.testing.ArchitectureRules.domainIsPlainJava;
import static dev.leadrouter.runtime.testing.ArchitectureRules.mainClasses;
import static dev.leadrouter.runtime.testing.ArchitectureRules.packagesFreeOfCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sla-service keeps the layout the README describes (rules shared in runtime's ArchitectureRules).
 */
class ArchitectureTest {
  private static final String ROOT = "dev.leadrouter.sla";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = mainClasses(ROOT);
  }

  @Test
  void domainPackagesArePlainJava() {
    domainIsPlainJava(ROOT, "clock", "businesshours", "policy", "ladder", "metrics").check(classes);
  }

  @Test
  void adaptersLeaveSqlToRepositories() {
    adaptersRunNoSql(ROOT).check(classes);
  }

  @Test
  void talksToOtherServicesOnlyOverGrpc() {
    dependsOnNoOtherService(ROOT).check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    packagesFreeOfCycles(ROOT).check(classes);
  }
}
