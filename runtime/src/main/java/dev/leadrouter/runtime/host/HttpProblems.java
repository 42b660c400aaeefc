package dev.leadrouter.runtime.host;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The {@code application/problem+json} (RFC 9457) answers the shared listeners give themselves. */
public final class HttpProblems {
  private HttpProblems() {}

  /**
   * Whether a failure is the client's broken framing of the body (malformed chunked encoding and
   * the like, which Netty reports on the request stream while the body is still arriving): a 400
   * with the connection closed, not a server error with a stack trace.
   */
  public static boolean isMalformedBody(HttpServerRequest request, Throwable failure) {
    return !request.isEnded()
        && (failure instanceof io.netty.handler.codec.DecoderException
            || failure instanceof NumberFormatException
            || failure instanceof IllegalArgumentException);
  }

  /** Answers {@link #isMalformedBody} failures. */
  public static void malformedBody(HttpServerRequest request) {
    request.response().putHeader("Connection", "close");
    send(request, 400, "Bad request", "the request body is not correctly framed");
  }

  public static void send(HttpServerRequest request, int status, String title, String detail) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    keepHttp2Streams(request, response);
    closeAfter(
        request,
        response,
        response
            .setStatusCode(status)
            .putHeader("content-type", "application/problem+json")
            .end(
                new JsonObject()
                    .put("type", "about:blank")
                    .put("title", title)
                    .put("status", status)
                    .put("detail", detail)
                    .encode()));
  }

  /**
   * Closes the connection once a response that says {@code Connection: close} is written: Vert.x
   * keeps an HTTP/1.1 connection open otherwise, and with a request body left unread (refused
   * before it was read) the next request on it would never be answered.
   */
  /**
   * {@code Connection: close} means nothing on an HTTP/2 stream (an unread body is reset with the
   * stream, the connection stays usable): dropped there, before the head is written.
   */
  public static void keepHttp2Streams(HttpServerRequest request, HttpServerResponse response) {
    if (request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
      response.headers().remove("Connection");
    }
  }

  public static void closeAfter(
      HttpServerRequest request, HttpServerResponse response, io.vertx.core.Future<Void> written) {
    if (!"close".equalsIgnoreCase(response.headers().get("Connection"))
        || request.version() == io.vertx.core.http.HttpVersion.HTTP_2) {
      return;
    }
    if (request.isEnded()) {
      written.onComplete(v -> request.connection().close());
      return;
    }
    // Closing while the client still sends makes many clients see a reset instead of our answer:
    // read and drop what it sends (at most MAX_DRAIN bytes, for at most DRAIN_GRACE_MS), then
    // close.
    long[] drained = {0};
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
    long grace = vertx.setTimer(DRAIN_GRACE_MS, id -> request.connection().close());
    request.handler(
        chunk -> {
          drained[0] += chunk.length();
          if (drained[0] > MAX_DRAIN) {
            request.connection().close();
          }
        });
    request.endHandler(
        v -> {
          vertx.cancelTimer(grace);
          written.onComplete(x -> request.connection().close());
        });
    request.exceptionHandler(e -> request.connection().close());
    request.resume();
  }

  private static final long MAX_DRAIN = 1024 * 1024;
  private static final long DRAIN_GRACE_MS = 2000;
}
