package dev.leadrouter.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.util.JsonFormat;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.MatrixFormat;
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
