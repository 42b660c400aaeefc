package dev.leadrouter.runtime.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcProtocol;
import io.vertx.grpc.transcoding.impl.TranscodingGrpcServerRequest;
import io.vertx.grpc.transcoding.impl.TranscodingGrpcServerResponse;

/**
 * The HTTP/JSON side of a transcoded call: a success is the response message as proto3 JSON (as
 * Vert.x writes it); a failure is an RFC 9457 {@code application/problem+json} body built from the
 * gRPC status, its message and the {@code google.rpc.BadRequest} field violations, so an HTTP
 * client sees the same error a gRPC client does.
 */
final class ProblemJsonResponse<Req, Resp> extends TranscodingGrpcServerResponse<Req, Resp> {
  private final HttpServerResponse http;
  private final java.util.function.Supplier<String> unreadable;

  ProblemJsonResponse(
      ContextInternal context,
      TranscodingGrpcServerRequest<Req, Resp> request,
      HttpServerResponse http,
      GrpcMessageEncoder<Resp> encoder,
      java.util.function.Supplier<String> unreadable) {
    super(context, request, GrpcProtocol.TRANSCODING, http, null, encoder);
    this.http = http;
    this.unreadable = unreadable;
  }

  /** Vert.x cancels a call whose body could not be decoded: that is the client's 400. */
  @Override
  protected void sendCancel() {
    String why = unreadable.get();
    if (why == null || http.headWritten()) {
      super.sendCancel();
      return;
    }
    JsonArray errors =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("field", "body")
                    .put("message", "cannot be read as the request: " + why));
    send(
        new HttpProblem(
            400, GrpcStatus.INVALID_ARGUMENT, "unreadable request body: " + why, errors));
  }

  @Override
  protected Future<Void> sendEnd() {
    GrpcStatus status = status();
    if (status == GrpcStatus.OK || http.headWritten()) {
      return super.sendEnd();
    }
    // A failed unary call sends no message, so the gRPC status sits in the (unsent) headers.
    MultiMap headers = http.headers();
    HttpProblem problem =
        HttpProblem.of(status, headers.get("grpc-message"), headers.get("grpc-status-details-bin"));
    headers.remove("grpc-status").remove("grpc-message").remove("grpc-status-details-bin");
    return send(problem);
  }

  private Future<Void> send(HttpProblem problem) {
    Buffer body = problem.toJson().toBuffer();
    http.setStatusCode(problem.status())
        .putHeader("content-type", HttpProblem.MEDIA_TYPE)
        .putHeader("content-length", Integer.toString(body.length()));
    if (problem.status() == 401) {
      http.putHeader("WWW-Authenticate", "Bearer");
    }
    return http.end(body);
  }
}
