package dev.leadrouter.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regressions (issue 11) for what a stranger could hold of a listener: the bind host was ignored,
 * slow or idle connections stayed open forever, and nothing limited how many there were.
 */
class ListenerLimitsTest {
  private static final String KEY = "limits-test-key-0123456789";
  private final Vertx vertx = Vertx.vertx();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private ServiceEndpoints start(Map<String, String> extra) throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("LEADROUTER_BIND_HOST", "127.0.0.1");
    values.put("TEST_GRPC_PORT", "0");
    values.put("TEST_HTTP_PORT", "0");
    values.putAll(extra);
    EndpointConfig config = EndpointConfig.from(new Settings(values), "TEST", 0, 0);
    return ServiceEndpoints.start(
            vertx,
            config,
            ApiKeys.of(Role.INGEST, Map.of("test", KEY)),
            List.of(),
            () -> Future.succeededFuture(true),
            new ServiceMetrics("test"),
            routes -> {
              routes
                  .route(HttpMethod.POST, "/echo", Access.role(Role.INGEST))
                  .handler(BodyHandler.create(false).setBodyLimit(1024))
                  .handler(ctx -> ctx.response().end("ok"));
              routes
                  .streamingRoute(HttpMethod.POST, "/slow", Access.role(Role.INGEST))
                  .handler(
                      ctx -> {
                        ctx.response().setChunked(true);
                        long[] left = {10};
                        vertx.setPeriodic(
                            200,
                            id -> {
                              if (--left[0] > 0) {
                                ctx.response().write("tick\n");
                              } else {
                                vertx.cancelTimer(id);
                                ctx.response().end("done\n");
                              }
                            });
                      });
            })
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyListenerBindsTheConfiguredHostOnly() throws Exception {
    InetAddress outside = nonLoopbackAddress();
    assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
    ServiceEndpoints endpoints = start(Map.of());
    for (int port :
        new int[] {endpoints.grpcPort(), endpoints.httpPort(), endpoints.managementPort()}) {
      try (Socket ok = new Socket()) {
        ok.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      }
      try (Socket refused = new Socket()) {
        org.junit.jupiter.api.Assertions.assertThrows(
            ConnectException.class,
            () -> refused.connect(new InetSocketAddress(outside, port), 2000),
            "port " + port + " answered on " + outside);
      }
    }
  }

  @Test
  void aConnectionThatNeverSendsItsRequestHeadIsClosed() throws Exception {
    ServiceEndpoints endpoints = start(Map.of("LEADROUTER_HTTP_HEADER_TIMEOUT", "300ms"));
    Socket slow = connect(endpoints.httpPort());
    write(slow, "POST /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    assertThat(readUntilClosed(slow, 5000)).as("closed without an answer").isEmpty();
  }

  @Test
  void aKeepAliveConnectionIdleAfterItsResponseIsClosed() throws Exception {
    ServiceEndpoints endpoints = start(Map.of("LEADROUTER_HTTP_IDLE_TIMEOUT", "500ms"));
    Socket client = connect(endpoints.httpPort());
    write(
        client,
        "POST /echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + KEY
            + "\r\nContent-Length: 2\r\n\r\nhi");
    assertThat(readUntilClosed(client, 5000)).startsWith("HTTP/1.1 200").endsWith("ok");
  }

  @Test
  void aLongResponseInProgressIsNotCutByTheTimeouts() throws Exception {
    ServiceEndpoints endpoints =
        start(
            Map.of(
                "LEADROUTER_HTTP_HEADER_TIMEOUT", "300ms", "LEADROUTER_HTTP_IDLE_TIMEOUT", "1s"));
    Socket client = connect(endpoints.httpPort());
    write(
        client,
        "POST /slow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + KEY
            + "\r\nContent-Length: 0\r\n\r\n");
    assertThat(readUntilClosed(client, 10_000)).startsWith("HTTP/1.1 200").contains("done");
  }

  @Test
  void aBodyNotSentInTimeIsAnswered408AndTheConnectionClosed() throws Exception {
    ServiceEndpoints endpoints = start(Map.of("LEADROUTER_HTTP_BODY_TIMEOUT", "300ms"));
    Socket slow = connect(endpoints.httpPort());
    write(
        slow,
        "POST /echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + KEY
            + "\r\nContent-Length: 100\r\n\r\nonly-part");
    String answer = readUntilClosed(slow, 5000);
    assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json");
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
    ServiceEndpoints endpoints = start(Map.of("LEADROUTER_MAX_CONNECTIONS", "2"));
    Socket first = connect(endpoints.httpPort());
    Socket second = connect(endpoints.httpPort());
    Socket third = connect(endpoints.httpPort());
    assertThat(readUntilClosed(third, 5000)).isEmpty();
    write(first, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(readUntilClosed(first, 5000)).startsWith("HTTP/1.1 404");
    write(second, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(readUntilClosed(second, 5000)).startsWith("HTTP/1.1 404");
  }

  /**
   * Regression: a key refused before its large body was read left the request paused; the
   * connection is now closed after the answer, so nothing hangs.
   */
  @Test
  void aRequestRefusedBeforeItsBodyClosesTheConnection() throws Exception {
    ServiceEndpoints endpoints = start(Map.of());
    Socket client = connect(endpoints.httpPort());
    write(
        client,
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n" + "x".repeat(1000));
    String answer = readUntilClosed(client, 5000);
    assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
  }

  private Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    sockets.add(s);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Everything the server sends until it closes the connection (fails if it never does). */
  private static String readUntilClosed(Socket s, int timeoutMillis) throws IOException {
    s.setSoTimeout(timeoutMillis);
    InputStream in = s.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection was not closed; received: " + text);
    } catch (java.net.SocketException e) {
      // reset by the server: closed
    }
    return text.toString();
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }
}
