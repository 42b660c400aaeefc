package dev.leadrouter.runtime.http;

import com.google.protobuf.Descriptors;
import io.vertx.grpc.transcoding.MethodTranscodingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/JSON route of a gRPC method, as its {@code google.api.http} rule declares it.
 *
 * @param httpMethod GET, POST, PUT, PATCH or DELETE
 * @param template the path template, e.g. {@code /v1/reps/{rep.rep_id}} or {@code
 *     /v1/matrix:validate}
 * @param body which request field the HTTP body fills: {@code *} the whole request, a field name,
 *     or empty for none (query parameters then fill the request)
 * @param method the gRPC method the route calls
 */
public record HttpRoute(
    String httpMethod, String template, String body, Descriptors.MethodDescriptor method) {

  /** The gRPC method's full name, e.g. {@code leadrouter.v1.RoutingService/GetRep}. */
  public String fullMethodName() {
    return method.getService().getFullName() + "/" + method.getName();
  }

  /** Every route of a method: its rule and the rule's additional bindings. */
  public static List<HttpRoute> of(
      MethodTranscodingOptions options, Descriptors.MethodDescriptor method) {
    List<HttpRoute> routes = new ArrayList<>();
    routes.add(
        new HttpRoute(
            options.getHttpMethod().name(),
            options.getPath(),
            options.getBody() == null ? "" : options.getBody(),
            method));
    if (options.getAdditionalBindings() != null) {
      for (MethodTranscodingOptions extra : options.getAdditionalBindings()) {
        routes.addAll(of(extra, method));
      }
    }
    return routes;
  }

  /** Names of the path variables, e.g. {@code rep.rep_id}. */
  public List<String> pathVariables() {
    List<String> names = new ArrayList<>();
    int i = template.indexOf('{');
    while (i >= 0) {
      int end = template.indexOf('}', i);
      String name = template.substring(i + 1, end);
      int eq = name.indexOf('=');
      names.add(eq < 0 ? name : name.substring(0, eq));
      i = template.indexOf('{', end);
    }
    return names;
  }
}
