package dev.leadrouter.runtime;

import static dev.leadrouter.runtime.testing.ArchitectureRules.dependsOnNoOtherService;
import static dev.leadrouter.runtime.testing.ArchitectureRules.mainClasses;
import static dev.leadrouter.runtime.testing.ArchitectureRules.packagesFreeOfCycles;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared runtime knows no service and has no package cycles. */
class ArchitectureTest {
  private static final String ROOT = "dev.leadrouter.runtime";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = mainClasses(ROOT);
  }

  @Test
  void dependsOnNoService() {
    dependsOnNoOtherService(ROOT).check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    packagesFreeOfCycles(ROOT).check(classes);
  }
}
