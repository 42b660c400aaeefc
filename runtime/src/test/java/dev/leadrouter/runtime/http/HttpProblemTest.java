package dev.leadrouter.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.errors.StatusMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpProblemTest {

  @Test
  void badRequestDetailsBecomeFieldErrors() {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(3)
            .addDetails(
                com.google.protobuf.Any.pack(
                    com.google.rpc.BadRequest.newBuilder()
                        .addFieldViolations(
                            com.google.rpc.BadRequest.FieldViolation.newBuilder()
                                .setField("rep.email")
                                .setDescription("must be an email"))
                        .build()))
            .build();
    HttpProblem p =
        HttpProblem.of(
            GrpcStatus.INVALID_ARGUMENT,
            StatusMessage.encode("rep.email: must be an email; ünïcode"),
            Base64.getEncoder().withoutPadding().encodeToString(status.toByteArray()));
    JsonObject json = p.toJson();
    assertThat(json.getInteger("status")).isEqualTo(400);
    assertThat(json.getString("detail")).isEqualTo("rep.email: must be an email; ünïcode");
    assertThat(json.getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("rep.email");
    assertThat(json.getString("grpcStatus")).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void statusesMapAsGoogleApiHttpSays() {
    assertThat(HttpProblem.httpStatus(GrpcStatus.NOT_FOUND)).isEqualTo(404);
    assertThat(HttpProblem.httpStatus(GrpcStatus.UNAUTHENTICATED)).isEqualTo(401);
    assertThat(HttpProblem.httpStatus(GrpcStatus.PERMISSION_DENIED)).isEqualTo(403);
    assertThat(HttpProblem.httpStatus(GrpcStatus.UNAVAILABLE)).isEqualTo(503);
    assertThat(HttpProblem.httpStatus(GrpcStatus.FAILED_PRECONDITION)).isEqualTo(400);
    assertThat(HttpProblem.of(GrpcStatus.INTERNAL, null, null).toJson().containsKey("errors"))
        .isFalse();
  }
}
