package dev.leadrouter.notify;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A local HTTP server standing in for Slack, Twilio or a CRM: records every request and answers
 * from a script (first the queued replies in order, then the default), optionally after a delay.
 */
final class FakeProvider implements AutoCloseable {
  /** One request as received. */
  record Request(
      String method,
      String path,
      MultiMap query,
      MultiMap headers,
      Buffer body,
      long receivedAtNanos) {
    String header(String name) {
      return headers.get(name);
    }

    JsonObject json() {
      return body.toJsonObject();
    }

    /** Decoded application/x-www-form-urlencoded fields. */
    MultiMap form() {
      MultiMap form = MultiMap.caseInsensitiveMultiMap();
      for (String pair : body.toString().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.add(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
      return form;
    }

    private static String decode(String s) {
      return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** How to answer. */
  record Reply(int status, String contentType, String body, MultiMap headers, long delayMillis) {
    static Reply json(int status, String body) {
      return new Reply(status, "application/json", body, MultiMap.caseInsensitiveMultiMap(), 0);
    }

    static Reply text(int status, String body) {
      return new Reply(status, "text/plain", body, MultiMap.caseInsensitiveMultiMap(), 0);
    }

    Reply withHeader(String name, String value) {
      MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers).add(name, value);
      return new Reply(status, contentType, body, h, delayMillis);
    }

    Reply after(long millis) {
      return new Reply(status, contentType, body, headers, millis);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Function<Request, Reply>> script = new ArrayDeque<>();
  private Function<Request, Reply> fallback;

  private FakeProvider(Function<Request, Reply> fallback) {
    this.fallback = fallback;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              Request r =
                                  new Request(
                                      req.method().name(),
                                      req.path(),
                                      MultiMap.caseInsensitiveMultiMap().addAll(req.params()),
                                      MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                                      body,
                                      System.nanoTime());
                              Reply reply;
                              synchronized (this) {
                                requests.add(r);
                                Function<Request, Reply> next =
                                    script.isEmpty() ? this.fallback : script.poll();
                                reply = next.apply(r);
                              }
                              Runnable answer =
                                  () -> {
                                    req.response()
                                        .setStatusCode(reply.status())
                                        .headers()
                                        .addAll(reply.headers());
                                    req.response()
                                        .putHeader("Content-Type", reply.contentType())
                                        .end(reply.body());
                                  };
                              if (reply.delayMillis() > 0) {
                                vertx.setTimer(reply.delayMillis(), t -> answer.run());
                              } else {
                                answer.run();
                              }
                            }));
    RunningNotify.await(server.listen(0, "127.0.0.1"));
  }

  static FakeProvider start(Function<Request, Reply> fallback) {
    return new FakeProvider(fallback);
  }

  /** Answers the next request(s) this way before falling back to the default. */
  synchronized FakeProvider thenAnswer(Function<Request, Reply> once) {
    script.add(once);
    return this;
  }

  synchronized FakeProvider thenAnswer(Reply once) {
    return thenAnswer(r -> once);
  }

  synchronized void answerByDefault(Function<Request, Reply> reply) {
    this.fallback = reply;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Request> requests(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  @Override
  public void close() {
    RunningNotify.await(vertx.close());
  }
}
