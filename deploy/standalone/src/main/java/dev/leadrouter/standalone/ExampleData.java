package dev.leadrouter.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.util.JsonFormat;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.ListMatrixVersionsRequest;
import dev.leadrouter.v1.ListRepsRequest;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.UpsertRepRequest;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a team and a routing matrix from files through routing-service's admin gRPC API, the same
 * way an operator's tooling would. The matrix is published only when it differs from the active
 * one.
 */
public final class ExampleData {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private ExampleData() {}

  public static List<Rep> readTeam(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    List<Rep> reps = new ArrayList<>();
    for (JsonNode node : root.path("reps")) {
      Rep.Builder b = Rep.newBuilder();
      JsonFormat.parser().merge(node.toString(), b);
      reps.add(b.build());
    }
    return reps;
  }

  /** When the runner loads the examples ({@code LEADROUTER_LOAD_EXAMPLES}, or --load-examples). */
  public enum When {
    /** Default: the team only when there are no reps, the matrix only when none was published. */
    IF_EMPTY,
    /** Every start: the example reps are written over and the example matrix published again. */
    ALWAYS,
    NEVER;

    public static When parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "LEADROUTER_LOAD_EXAMPLES must be if-empty, always or never, not '" + value + "'");
      }
    }
  }

  /**
   * Loads the examples as {@code when} says and tells what it did. With IF_EMPTY a restart keeps
   * what an operator changed: a newer matrix stays active, an out-of-office stays.
   */
  public static Future<String> load(
      When when,
      GrpcClient client,
      SocketAddress routing,
      String apiKey,
      List<Rep> team,
      String matrixYaml) {
    return switch (when) {
      case NEVER -> Future.succeededFuture("examples not loaded (LEADROUTER_LOAD_EXAMPLES=never)");
      case ALWAYS ->
          load(client, routing, apiKey, team, matrixYaml)
              .map("example team and matrix loaded (LEADROUTER_LOAD_EXAMPLES=always)");
      case IF_EMPTY -> loadIntoEmpty(client, routing, apiKey, team, matrixYaml);
    };
  }

  private static Future<String> loadIntoEmpty(
      GrpcClient client, SocketAddress routing, String apiKey, List<Rep> team, String matrixYaml) {
    PageRequest one = PageRequest.newBuilder().setPageSize(1).build();
    Future<Boolean> noReps =
        GrpcCalls.unary(
                client,
                routing,
                apiKey,
                RoutingServiceGrpcClient.ListReps,
                ListRepsRequest.newBuilder().setPage(one).setIncludeInactive(true).build(),
                DEADLINE)
            .map(page -> page.getRepsCount() == 0);
    Future<Boolean> noMatrix =
        GrpcCalls.unary(
                client,
                routing,
                apiKey,
                RoutingServiceGrpcClient.ListMatrixVersions,
                ListMatrixVersionsRequest.newBuilder().setPage(one).build(),
                DEADLINE)
            .map(page -> page.getVersionsCount() == 0);
    return Future.all(noReps, noMatrix)
        .compose(
            v -> {
              List<Rep> reps = noReps.result() ? team : List.of();
              Future<Void> teamLoaded = upsertAll(client, routing, apiKey, reps);
              Future<Void> loaded =
                  noMatrix.result()
                      ? teamLoaded.compose(x -> publish(client, routing, apiKey, matrixYaml))
                      : teamLoaded;
              return loaded.map(
                  x ->
                      (noReps.result() ? "example team loaded" : "reps kept as they are")
                          + "; "
                          + (noMatrix.result()
                              ? "example matrix published"
                              : "published matrix kept")
                          + " (LEADROUTER_LOAD_EXAMPLES=always or --load-examples reloads them)");
            });
  }

  private static Future<Void> upsertAll(
      GrpcClient client, SocketAddress routing, String apiKey, List<Rep> team) {
    Future<Void> upserts = Future.succeededFuture();
    for (Rep rep : team) {
      upserts =
          upserts.compose(
              v ->
                  GrpcCalls.unary(
                          client,
                          routing,
                          apiKey,
                          RoutingServiceGrpcClient.UpsertRep,
                          UpsertRepRequest.newBuilder().setRep(rep).build(),
                          DEADLINE)
                      .mapEmpty());
    }
    return upserts;
  }

  private static Future<Void> publish(
      GrpcClient client, SocketAddress routing, String apiKey, String matrixYaml) {
    return GrpcCalls.unary(
            client,
            routing,
            apiKey,
            RoutingServiceGrpcClient.PublishMatrix,
            PublishMatrixRequest.newBuilder()
                .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
                .setSource(matrixYaml)
                .setComment("examples/routing-matrix.yaml")
                .setPublishedBy("standalone runner")
                .build(),
            DEADLINE)
        .mapEmpty();
  }

  /** Writes the example reps and publishes the example matrix unless it is already active. */
  public static Future<Void> load(
      GrpcClient client, SocketAddress routing, String apiKey, List<Rep> team, String matrixYaml) {
    Future<Void> upserts = Future.succeededFuture();
    for (Rep rep : team) {
      upserts =
          upserts.compose(
              v ->
                  GrpcCalls.unary(
                          client,
                          routing,
                          apiKey,
                          RoutingServiceGrpcClient.UpsertRep,
                          UpsertRepRequest.newBuilder().setRep(rep).build(),
                          DEADLINE)
                      .mapEmpty());
    }
    return upserts
        .compose(
            v ->
                GrpcCalls.unary(
                        client,
                        routing,
                        apiKey,
                        RoutingServiceGrpcClient.GetMatrix,
                        GetMatrixRequest.getDefaultInstance(),
                        DEADLINE)
                    .map(active -> active.getSource())
                    .otherwise(""))
        .compose(
            activeSource ->
                activeSource.equals(matrixYaml)
                    ? Future.succeededFuture()
                    : GrpcCalls.unary(
                            client,
                            routing,
                            apiKey,
                            RoutingServiceGrpcClient.PublishMatrix,
                            PublishMatrixRequest.newBuilder()
                                .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
                                .setSource(matrixYaml)
                                .setComment("examples/routing-matrix.yaml")
                                .setPublishedBy("standalone runner")
                                .build(),
                            DEADLINE)
                        .mapEmpty());
  }
}
