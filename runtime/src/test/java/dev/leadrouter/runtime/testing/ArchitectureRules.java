package dev.leadrouter.runtime.testing;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The layout rules every service keeps, shared so each module's architecture test checks the same
 * thing against its own classes (one test per module runs in the normal {@code verify}).
 *
 * <ul>
 *   <li>Domain packages are plain Java: no Vert.x, Netty, gRPC runtime, SQL client or JDBC, and no
 *       generated gRPC service stubs or clients (the generated proto messages are the contract's
 *       data types and stay allowed).
 *   <li>Adapters (gRPC services, HTTP routes) never run SQL: repositories do.
 *   <li>No service depends on another service, and the shared runtime on none of them.
 *   <li>No cycles between a service's packages.
 * </ul>
 */
public final class ArchitectureRules {
  private static final List<String> SERVICES = List.of("capture", "routing", "notify", "sla");

  /** Vert.x, Netty, gRPC and SQL: what a domain class must not need. */
  private static final String[] INFRASTRUCTURE = {
    "io.vertx..", "io.netty..", "io.grpc..", "java.sql..", "javax.sql..", "org.postgresql..",
  };

  private static final String[] SQL = {
    "io.vertx.sqlclient..", "io.vertx.pgclient..", "java.sql..", "javax.sql..", "org.postgresql..",
  };

  /** The classes protoc's gRPC plugins generate per service: interfaces, stubs, clients. */
  private static final Pattern GENERATED_STUB =
      Pattern.compile("dev\\.leadrouter\\.v1\\.[A-Za-z]+Service(Client|Grpc[A-Za-z]*|Service)?");

  private ArchitectureRules() {}

  /** This module's production classes under {@code dev.leadrouter.<service>}. */
  public static JavaClasses mainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(rootPackage);
  }

  /** Domain packages, given relative to the root ("matrix", "decision", ...), are plain Java. */
  public static ArchRule domainIsPlainJava(String rootPackage, String... domainPackages) {
    String[] packages =
        Arrays.stream(domainPackages).map(p -> rootPackage + "." + p + "..").toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(resideInAnyPackage(INFRASTRUCTURE).or(generatedStub()))
        .because(
            "domain logic is plain Java, unit-tested fast; adapters and repositories own the I/O");
  }

  /**
   * gRPC services and HTTP routes are thin adapters: they call domain classes and repositories but
   * never a SQL client themselves.
   */
  public static ArchRule adaptersRunNoSql(String rootPackage) {
    return noClasses()
        .that()
        .resideInAnyPackage(rootPackage + ".grpc..", rootPackage + ".http..")
        .or()
        .haveSimpleNameEndingWith("Routes")
        .or()
        .haveSimpleNameEndingWith("GrpcService")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SQL)
        .because("repositories own SQL");
  }

  /** Classes under {@code rootPackage} use no other service's classes. */
  public static ArchRule dependsOnNoOtherService(String rootPackage) {
    String[] others =
        SERVICES.stream()
            .map(s -> "dev.leadrouter." + s)
            .filter(s -> !s.equals(rootPackage))
            .map(s -> s + "..")
            .toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(rootPackage + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .because("services talk over gRPC only, so each can be deployed and changed alone");
  }

  /** No cycles between the packages directly under the root (each with its subpackages). */
  public static ArchRule packagesFreeOfCycles(String rootPackage) {
    return slices()
        .matching(rootPackage + ".(*)..")
        .should()
        .beFreeOfCycles()
        .because("a cycle makes two packages one that cannot be understood or changed alone");
  }

  private static DescribedPredicate<JavaClass> generatedStub() {
    return describe(
        "are generated gRPC service stubs or clients",
        c -> GENERATED_STUB.matcher(c.getName()).matches());
  }
}
