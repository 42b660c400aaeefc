package dev.leadrouter.capture.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit, for the routes that need the exact bytes (HMAC signatures,
 * strict form decoding). A declared or actual size over the limit fails with {@link TooLarge}
 * without buffering the rest.
 */
public final class RequestBody {
  /** The body exceeds the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(int limit) {
      super("the body exceeds " + limit + " bytes", null, false, false);
    }
  }

  private RequestBody() {}

  public static Future<Buffer> read(HttpServerRequest request, int limit) {
    String declared = request.getHeader("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > limit) {
          return Future.failedFuture(new TooLarge(limit));
        }
      } catch (NumberFormatException e) {
        return Future.failedFuture(
            new dev.leadrouter.runtime.errors.InvalidInputException(
                "Content-Length", "not a number"));
      }
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (promise.future().isComplete()) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            promise.tryFail(new TooLarge(limit));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    request.resume();
    return promise.future();
  }
}
