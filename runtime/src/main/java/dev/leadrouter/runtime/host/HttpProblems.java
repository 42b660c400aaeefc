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
  public static void closeAfter(
      HttpServerRequest request, HttpServerResponse response, io.vertx.core.Future<Void> written) {
    if ("close".equalsIgnoreCase(response.headers().get("Connection"))) {
      written.onComplete(v -> request.connection().close());
    }
  }
}
