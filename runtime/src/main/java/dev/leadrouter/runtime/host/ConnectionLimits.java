package dev.leadrouter.runtime.host;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a client may hold of a service's listeners: at most {@code maxConnections} connections over
 * all of them, each closed when it has not sent a complete request head in time (from connecting,
 * or from the end of the previous response on a keep-alive connection), and gRPC connections asked
 * to go away after their maximum age. Slow or idle clients therefore cannot pile up (the idle
 * timeout itself is set on the servers' options).
 */
final class ConnectionLimits {
  private final Vertx vertx;
  private final EndpointConfig config;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Heads> headsByConnection = new ConcurrentHashMap<>();

  ConnectionLimits(Vertx vertx, EndpointConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** For HTTP/1 listeners: the connection limit and the header-read timeout. */
  Handler<HttpConnection> http1Connections() {
    return conn -> {
      Heads heads = new Heads();
      if (!admit(conn, () -> heads.stop(conn))) {
        return;
      }
      heads.put(conn);
      heads.arm(conn);
    };
  }

  /** Wraps an HTTP/1 listener's request handler to track request heads on each connection. */
  Handler<HttpServerRequest> http1Requests(Handler<HttpServerRequest> next) {
    return request -> {
      Heads heads = headsByConnection.get(request.connection());
      if (heads != null) {
        heads.requests++;
        heads.current = request.response();
      }
      next.handle(request);
    };
  }

  /**
   * The request heads of one connection. Its timer closes the connection when a whole period passed
   * with no request in progress and no new request head (so between one and two periods after
   * connecting or after the last response); all of it runs on the connection's event loop.
   */
  private final class Heads {
    long requests;
    long requestsAtArm;
    HttpServerResponse current;
    long timer = -1;

    void put(HttpConnection conn) {
      headsByConnection.put(conn, this);
    }

    void arm(HttpConnection conn) {
      long ms = config.headerTimeout().toMillis();
      if (ms <= 0) {
        return;
      }
      requestsAtArm = requests;
      timer = vertx.setTimer(ms, id -> check(conn));
    }

    private void check(HttpConnection conn) {
      boolean busy = current != null && !current.ended();
      if (busy || requests != requestsAtArm) {
        arm(conn);
      } else {
        conn.close();
      }
    }

    void stop(HttpConnection conn) {
      headsByConnection.remove(conn);
      vertx.cancelTimer(timer);
    }
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
