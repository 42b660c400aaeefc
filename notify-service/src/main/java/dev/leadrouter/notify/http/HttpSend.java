package dev.leadrouter.notify.http;

import dev.leadrouter.notify.delivery.SendFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.util.function.Function;

/** Runs one provider call and turns anything but a 2xx into a classified {@link SendFailure}. */
public final class HttpSend {
  private final HttpConfig config;
  private final Clock clock;

  public HttpSend(HttpConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public HttpConfig config() {
    return config;
  }

  /**
   * Sends one provider request with the configured timeout and turns its outcome into a result.
   *
   * @param what the provider's name for messages (never its URL: webhook URLs are secrets)
   * @param errorDetail extracts a short, safe error text from a failed response's body
   */
  public Future<HttpResponse<Buffer>> call(
      String what,
      HttpRequest<Buffer> request,
      Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send,
      Function<HttpResponse<Buffer>, String> errorDetail) {
    return call(what, request, send, errorDetail, r -> null);
  }

  /**
   * As {@link #call(String, HttpRequest, Function, Function)}, with {@code refine} deciding a
   * non-2xx answer's failure first (a provider's own codes: refused credentials, unsubscribed
   * recipients); null leaves it to the generic classification.
   */
  public Future<HttpResponse<Buffer>> call(
      String what,
      HttpRequest<Buffer> request,
      Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send,
      Function<HttpResponse<Buffer>, String> errorDetail,
      Function<HttpResponse<Buffer>, SendFailure> refine) {
    request.timeout(config.timeout().toMillis());
    Future<HttpResponse<Buffer>> answer;
    try {
      answer = send.apply(request);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.transform(
        ar -> {
          if (ar.failed()) {
            return Future.failedFuture(HttpReplies.ofException(what, ar.cause()));
          }
          HttpResponse<Buffer> r = ar.result();
          if (r.statusCode() / 100 == 2) {
            return Future.succeededFuture(r);
          }
          SendFailure refined;
          try {
            refined = refine.apply(r);
          } catch (RuntimeException e) {
            refined = null;
          }
          if (refined != null) {
            return Future.failedFuture(refined);
          }
          return Future.failedFuture(
              HttpReplies.ofStatus(
                  what,
                  r.statusCode(),
                  r.getHeader("Retry-After"),
                  detail(errorDetail, r),
                  clock,
                  config.maxRetryAfter()));
        });
  }

  private static String detail(
      Function<HttpResponse<Buffer>, String> errorDetail, HttpResponse<Buffer> r) {
    try {
      String d = errorDetail.apply(r);
      return d == null ? "" : d.length() <= 200 ? d : d.substring(0, 200);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /**
   * A one-word error code from a plain-text body such as Slack webhooks' {@code invalid_payload};
   * nothing else.
   */
  public static String errorCode(HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    return body != null && body.strip().matches("[a-z_]{1,64}") ? body.strip() : "";
  }
}
