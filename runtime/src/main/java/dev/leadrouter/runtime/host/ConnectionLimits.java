package dev.leadrouter.runtime.host;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a client may hold of a service's listeners: at most {@code maxConnections} connections over
 * all of them, each closed when it has not sent its first request head in time, and gRPC
 * connections asked to go away after their maximum age. With the idle timeout (set on the servers'
 * options: nothing read or written for that long) and the body timeout ({@link DeclaredRoutes}),
 * slow or idle clients cannot pile up.
 */
final class ConnectionLimits {
  private final Vertx vertx;
  private final EndpointConfig config;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Long> headTimers = new ConcurrentHashMap<>();

  ConnectionLimits(Vertx vertx, EndpointConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** For HTTP/1 listeners: the connection limit and the header-read timeout. */
  Handler<HttpConnection> http1Connections() {
    return conn -> {
      long ms = config.headerTimeout().toMillis();
      long[] timer = {-1};
      if (!admit(conn, () -> cancel(conn, timer[0]))) {
        return;
      }
      if (ms > 0) {
        timer[0] =
            vertx.setTimer(
                ms,
                id -> {
                  if (headTimers.remove(conn) != null) {
                    conn.close();
                  }
                });
        headTimers.put(conn, timer[0]);
      }
    };
  }

  /**
   * Wraps an HTTP/1 listener's request handler: the first request head arrived in time. Later ones
   * on a keep-alive connection are left to the idle timeout, which (unlike closing on a timer)
   * never cuts a response still being flushed to a slow reader.
   */
  Handler<HttpServerRequest> http1Requests(Handler<HttpServerRequest> next) {
    return request -> {
      Long timer = headTimers.remove(request.connection());
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      next.handle(request);
    };
  }

  private void cancel(HttpConnection conn, long timer) {
    headTimers.remove(conn);
    vertx.cancelTimer(timer);
  }

  /** For the gRPC (HTTP/2) listener: the connection limit and the maximum connection age. */
  Handler<HttpConnection> grpcConnections() {
    return conn -> {
      long[] retire = {-1};
      if (!admit(conn, () -> vertx.cancelTimer(retire[0]))) {
        return;
      }
      long age = config.maxConnectionAge().toMillis();
      if (age > 0) {
        // Long-lived HTTP/2 connections pin a client to one pod; asking each connection to go
        // away (GOAWAY, calls in flight finish) after a jittered max age makes clients reconnect
        // and spread over replicas.
        long jittered = age + (long) (Math.random() * age / 10);
        retire[0] =
            vertx.setTimer(
                jittered,
                id -> conn.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS));
      }
    };
  }

  int open() {
    return open.get();
  }

  private boolean admit(HttpConnection conn, Runnable onClose) {
    int now = open.incrementAndGet();
    conn.closeHandler(
        v -> {
          open.decrementAndGet();
          onClose.run();
        });
    if (now > config.maxConnections()) {
      conn.close();
      return false;
    }
    return true;
  }
}
