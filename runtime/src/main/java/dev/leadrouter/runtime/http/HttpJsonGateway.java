package dev.leadrouter.runtime.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.transcoding.MethodTranscodingOptions;
import io.vertx.grpc.transcoding.impl.PathMatcher;
import io.vertx.grpc.transcoding.impl.PathMatcherBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The door of HTTP/JSON calls into the gRPC server: picks out requests for a route of a {@code
 * google.api.http} rule and hands them to the same {@link GrpcServer} that serves gRPC.
 *
 * <p>It only prepares the request the way Vert.x's transcoding expects it: {@code Content-Type}
 * must be exactly {@code application/json} (curl sends none on a GET, browsers add a charset), and
 * a {@code grpc-timeout} header is dropped (HTTP clients have their own timeouts). Requests for no
 * route get a problem+json 404, or 405 with {@code Allow} when only the method is wrong.
 */
public final class HttpJsonGateway implements Handler<HttpServerRequest> {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private final GrpcServer grpcServer;
  private final List<HttpRoute> routes;
  private final PathMatcher matcher;

  public HttpJsonGateway(GrpcServer grpcServer, List<HttpRoute> routes) {
    this.grpcServer = grpcServer;
    this.routes = List.copyOf(routes);
    PathMatcherBuilder builder = new PathMatcherBuilder();
    for (HttpRoute r : routes) {
      builder.register(
          new MethodTranscodingOptions()
              .setHttpMethod(io.vertx.core.http.HttpMethod.valueOf(r.httpMethod()))
              .setPath(r.template())
              .setBody(r.body()),
          r.fullMethodName());
    }
    this.matcher = builder.build();
  }

  public List<HttpRoute> routes() {
    return routes;
  }

  /** True if the method and path are those of a route. */
  public boolean matches(HttpServerRequest request) {
    return matcher.lookup(request.method().name(), request.path()) != null;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!matches(request)) {
      List<String> allowed = allowedMethods(request.path());
      if (allowed.isEmpty()) {
        answer(request, 404, GrpcStatus.NOT_FOUND, "no route " + request.path());
      } else {
        request.response().putHeader("Allow", String.join(", ", allowed));
        answer(request, 405, GrpcStatus.UNIMPLEMENTED, "use " + String.join(" or ", allowed));
      }
      return;
    }
    String type = request.getHeader("content-type");
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      answer(request, 415, GrpcStatus.INVALID_ARGUMENT, "send the body as application/json");
      return;
    }
    request.headers().set("content-type", "application/json");
    request.headers().remove("grpc-timeout");
    grpcServer.handle(request);
  }

  private List<String> allowedMethods(String path) {
    List<String> allowed = new ArrayList<>();
    for (String m : METHODS) {
      if (matcher.lookup(m, path) != null) {
        allowed.add(m);
      }
    }
    return allowed;
  }

  private static void answer(
      HttpServerRequest request, int status, GrpcStatus grpcStatus, String detail) {
    HttpProblem problem = new HttpProblem(status, grpcStatus, detail, null);
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", HttpProblem.MEDIA_TYPE)
        .end(problem.toJson().encode());
  }
}
