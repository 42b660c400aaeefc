package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Timestamps;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.OutOfOffice;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.UpdateRepRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the dev runner does with the examples at each start: into an empty database they are loaded;
 * after that a restart keeps a newer matrix and a rep's out-of-office, unless asked to reload them
 * (--load-examples).
 */
class ExampleDataTest {
  private static StackFixture fixture;
  private static Stack stack;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
    stack = StackFixture.await(new Stack(fixture.vertx, fixture.settings).deploy());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static String start(ExampleData.When when) throws Exception {
    Path examples = Path.of("../../examples");
    return StackFixture.await(
        ExampleData.load(
            when,
            fixture.grpc,
            fixture.address("ROUTING"),
            TestSettings.INTERNAL_KEY,
            ExampleData.readTeam(examples.resolve("team.yaml")),
            Files.readString(examples.resolve("routing-matrix.yaml"))));
  }

  private static long activeVersion() throws Exception {
    return fixture
        .call("ROUTING", RoutingServiceGrpcClient.GetMatrix, GetMatrixRequest.getDefaultInstance())
        .getVersion();
  }

  private static Rep alice() throws Exception {
    return fixture.call(
        "ROUTING",
        RoutingServiceGrpcClient.GetRep,
        GetRepRequest.newBuilder().setRepId("alice").build());
  }

  @Test
  void examplesGoIntoAnEmptyDatabaseOnlyAndARestartKeepsWhatTheOperatorChanged() throws Exception {
    assertThat(start(ExampleData.When.NEVER)).contains("not loaded");
    assertThat(start(ExampleData.When.IF_EMPTY))
        .contains("example team loaded")
        .contains("example matrix published");
    assertThat(activeVersion()).isEqualTo(1);

    String newer =
        Files.readString(Path.of("../../examples/routing-matrix.yaml"))
            .replace("priority: 20", "priority: 15");
    fixture.call(
        "ROUTING",
        RoutingServiceGrpcClient.PublishMatrix,
        PublishMatrixRequest.newBuilder()
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(newer)
            .setPublishedBy("ops")
            .build());
    long now = System.currentTimeMillis();
    fixture.call(
        "ROUTING",
        RoutingServiceGrpcClient.UpdateRep,
        UpdateRepRequest.newBuilder()
            .setRep(
                Rep.newBuilder()
                    .setRepId("alice")
                    .addOutOfOffice(
                        OutOfOffice.newBuilder()
                            .setStart(Timestamps.fromMillis(now))
                            .setEnd(Timestamps.fromMillis(now + 86_400_000L))))
            .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of("out_of_office")))
            .build());

    // A restart of ./deploy/run-local.sh:
    assertThat(start(ExampleData.When.IF_EMPTY))
        .contains("reps kept")
        .contains("published matrix kept");
    assertThat(activeVersion()).as("the newer matrix stays active").isEqualTo(2);
    assertThat(alice().getOutOfOfficeCount()).as("alice is still out of office").isEqualTo(1);

    // Asked for: the examples again.
    start(ExampleData.When.ALWAYS);
    assertThat(activeVersion()).isEqualTo(3);
    assertThat(alice().getOutOfOfficeCount()).isZero();
  }
}
