package dev.leadrouter.runtime.http;

import com.google.protobuf.Descriptors;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.common.impl.GrpcMethodCall;
import io.vertx.grpc.server.impl.GrpcInvocation;
import io.vertx.grpc.transcoding.MethodTranscodingOptions;
import io.vertx.grpc.transcoding.TranscodingServiceMethod;
import io.vertx.grpc.transcoding.impl.PathMatcher;
import io.vertx.grpc.transcoding.impl.PathMatcherBuilder;
import io.vertx.grpc.transcoding.impl.PathMatcherLookupResult;
import io.vertx.grpc.transcoding.impl.PathMatcherUtility;
import io.vertx.grpc.transcoding.impl.TranscodingGrpcServerRequest;
import io.vertx.grpc.transcoding.impl.TranscodingServiceMethodImpl;
import io.vertx.grpc.transcoding.impl.config.HttpVariableBinding;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generated transcoding method (from the {@code google.api.http} rule in proto/) with three fixes
 * over Vert.x 5.0.7, kept here so the generated code and the gRPC server stay stock:
 *
 * <ul>
 *   <li>a rule like {@code POST /v1/matrix:validate} (custom verb right after a literal) is mounted
 *       under its full path; Vert.x mounted it under {@code /v1/matrix}, which the server's prefix
 *       walk never reaches from {@code /v1/matrix:validate};
 *   <li>the request is woven by {@link JsonRequestWeaver} (path variables survive a body field);
 *   <li>failures are answered as {@code application/problem+json} by {@link ProblemJsonResponse}
 *       instead of an empty body.
 * </ul>
 *
 * <p>It still extends Vert.x's class because the server's transcoding invoker only accepts that
 * type. The call goes through the same {@code GrpcServer} handler as a gRPC call: API key and (per
 * method) role checks apply to both wire formats.
 */
public final class TranscodedMethod<I, O> extends TranscodingServiceMethodImpl<I, O> {
  private final PathMatcher matcher;
  private final Descriptors.Descriptor requestType;
  private final GrpcMessageDecoder<I> jsonDecoder;

  /**
   * @param decoder the protobuf decoder of gRPC calls (the generated one, or a more tolerant one)
   */
  public TranscodedMethod(
      TranscodingServiceMethod<I, O> generated,
      GrpcMessageDecoder<I> decoder,
      Descriptors.Descriptor requestType) {
    super(
        generated.serviceName(),
        generated.methodName(),
        JsonWithDetails.encoder(generated.encoder()),
        decoder,
        generated.options());
    this.requestType = requestType;
    this.jsonDecoder = generated.decoder();
    PathMatcherBuilder builder = new PathMatcherBuilder();
    PathMatcherUtility.registerByHttpRule(builder, generated.options(), fullMethodName());
    this.matcher = builder.build();
  }

  @Override
  public List<String> paths() {
    Set<String> paths = new HashSet<>(super.paths());
    addVerbPaths(options(), paths);
    return new ArrayList<>(paths);
  }

  private static void addVerbPaths(MethodTranscodingOptions options, Set<String> paths) {
    String path = options.getPath();
    int colon = path.lastIndexOf(':');
    if (colon > path.lastIndexOf('/') && path.indexOf('{') < 0) {
      paths.add(path);
    }
    if (options.getAdditionalBindings() != null) {
      options.getAdditionalBindings().forEach(o -> addVerbPaths(o, paths));
    }
  }

  @Override
  public GrpcInvocation<I, O> accept(HttpServerRequest httpRequest) {
    PathMatcherLookupResult found =
        matcher.lookup(httpRequest.method().name(), httpRequest.path(), httpRequest.query());
    if (found == null) {
      return null;
    }
    List<Map.Entry<List<String>, String>> bindings = new ArrayList<>();
    for (HttpVariableBinding b : found.getVariableBindings()) {
      bindings.add(new AbstractMap.SimpleEntry<>(b.getFieldPath(), b.getValue()));
    }
    String bodyPath = found.getBodyFieldPath();
    GrpcMessageDecoder<I> generated = jsonDecoder;
    // Vert.x cancels a call whose message cannot be decoded; the response needs the reason.
    java.util.concurrent.atomic.AtomicReference<String> unreadable =
        new java.util.concurrent.atomic.AtomicReference<>();
    GrpcMessageDecoder<I> woven =
        new GrpcMessageDecoder<>() {
          @Override
          public I decode(GrpcMessage msg) {
            try {
              return generated.decode(
                  GrpcMessage.message(
                      "identity",
                      WireFormat.JSON,
                      JsonRequestWeaver.weave(msg.payload(), bodyPath, bindings, requestType)));
            } catch (io.vertx.core.json.DecodeException e) {
              unreadable.set("not JSON: " + rootMessage(e));
              throw new io.vertx.grpc.common.CodecException(e);
            } catch (io.vertx.grpc.common.CodecException e) {
              unreadable.set(rootMessage(e));
              throw e;
            }
          }

          @Override
          public boolean accepts(WireFormat format) {
            return generated.accepts(format);
          }
        };
    ContextInternal context = ((HttpServerRequestInternal) httpRequest).context();
    // Bindings and body are left empty for Vert.x's weaver: ours (in the decoder) does the work.
    TranscodingGrpcServerRequest<I, O> grpcRequest =
        new TranscodingGrpcServerRequest<>(
            context,
            httpRequest,
            null,
            List.of(),
            woven,
            new GrpcMethodCall("/" + found.getMethod()));
    ProblemJsonResponse<I, O> grpcResponse =
        new ProblemJsonResponse<>(
            context, grpcRequest, httpRequest.response(), encoder(), unreadable::get);
    return new GrpcInvocation<>(grpcRequest, grpcResponse);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
