package dev.leadrouter.capture.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/leads/import} with a real HTTP client streaming a generated CSV (never built in
 * memory on either side) and reading the NDJSON results as they come.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvImportTest {
  final Vertx vertx = Vertx.vertx();
  final HttpClient http = HttpClient.newHttpClient();
  CaptureVerticle capture;

  @BeforeAll
  void start() throws Exception {
    NetServer blackHole =
        await(vertx.createNetServer().connectHandler(socket -> {}).listen(0, "127.0.0.1"));
    capture =
        new CaptureVerticle(
            TestSettings.fresh(
                Map.of(
                    "CAPTURE_ROUTING_ADDRESS", "127.0.0.1:" + blackHole.actualPort(),
                    "CAPTURE_ROUTING_DEADLINE", "60s",
                    "CAPTURE_DB_POOL_SIZE", "8",
                    "CAPTURE_IMPORT_CONCURRENCY", "32",
                    // The JDK client reads the response of an HTTP/1.1 request only once it has
                    // sent the body, which would stall a streamed import whose results outgrow
                    // the socket buffers; over HTTP/2 (h2c upgrade) both flow at once.
                    "LEADROUTER_HTTP_H2C", "true")));
    await(vertx.deployVerticle(capture));
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  HttpResponse<java.util.stream.Stream<String>> upload(InputStream csv, String contentType)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + capture.httpPort() + "/v1/leads/import"))
            .header("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv))
            .build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  /**
   * Row i of the generated file: every 1000th has a broken email, every 500th repeats the row
   * before.
   */
  static String row(int i) {
    int person = i % 500 == 250 ? i - 1 : i;
    String email =
        i % 1000 == 999
            ? "broken-" + i
            : "person" + person + "@import" + (person % 100) + ".example";
    return email
        + ",first"
        + person
        + ",LAST"
        + person
        + ",Company "
        + (person % 100)
        + ",\"United States\",\"(415) 555-"
        + String.format("%04d", person % 10000)
        + "\"\n";
  }

  static InputStream generated(int rows) {
    return new InputStream() {
      private int next = -1;
      private byte[] current =
          "email,first_name,last_name,company,country,notes_phone\n"
              .getBytes(StandardCharsets.UTF_8);
      private int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos == current.length) {
          if (++next >= rows) {
            return -1;
          }
          current = row(next).getBytes(StandardCharsets.UTF_8);
          pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  @Test
  void hundredThousandRowsStreamThroughWithAResultPerRow() throws Exception {
    int rows = 100_000;
    var response = upload(generated(rows), "text/csv; charset=utf-8");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/x-ndjson");
    Map<String, AtomicLong> statuses = new HashMap<>();
    AtomicLong lastRow = new AtomicLong();
    AtomicLong outOfOrder = new AtomicLong();
    JsonObject[] summary = new JsonObject[1];
    response
        .body()
        .forEach(
            line -> {
              JsonObject json = new JsonObject(line);
              if (json.containsKey("summary")) {
                summary[0] = json.getJsonObject("summary");
                return;
              }
              statuses
                  .computeIfAbsent(json.getString("status"), k -> new AtomicLong())
                  .incrementAndGet();
              if (json.getLong("row") != lastRow.get() + 1) {
                outOfOrder.incrementAndGet();
              }
              lastRow.set(json.getLong("row"));
            });
    assertThat(outOfOrder.get()).isZero();
    assertThat(lastRow.get()).isEqualTo(rows);
    assertThat(statuses.get("invalid").get()).isEqualTo(100);
    assertThat(statuses.get("duplicate").get()).isEqualTo(200);
    assertThat(statuses.get("accepted").get()).isEqualTo(rows - 300);
    assertThat(statuses).doesNotContainKey("failed");
    assertThat(summary[0].getLong("accepted")).isEqualTo(rows - 300);
    assertThat(summary[0].getJsonArray("ignored_columns").getList()).containsExactly("notes_phone");
    assertThat(await(capture.leads().count())).isGreaterThanOrEqualTo(rows - 300L);
  }

  @Test
  void badRowsAreReportedWithReasonsAndDoNotStopTheImport() throws Exception {
    String csv =
        "email,first_name,score\n"
            + "ok1@example.org,Ada,10\n"
            + "ok3@example.org,Bob,200\n"
            + "ok4@example.org,Cy,hot\n"
            + "ok5@example.org,Di\n"
            + "ok6@example.org,Ed,1\n"
            + "ok2@example.org,\"unterminated,5\n";
    var response =
        upload(new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "text/csv");
    List<JsonObject> lines = response.body().map(JsonObject::new).toList();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0).getString("status")).isEqualTo("accepted");
    assertThat(lines.get(1).getString("status")).isEqualTo("invalid");
    assertThat(lines.get(1).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("lead.score");
    assertThat(lines.get(2).getString("status")).isEqualTo("invalid");
    assertThat(lines.get(2).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("score");
    assertThat(lines.get(3).getString("status")).isEqualTo("invalid");
    assertThat(lines.get(3).getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("fields");
    assertThat(lines.get(4).getString("status")).isEqualTo("accepted");
    assertThat(lines.get(5).getString("status"))
        .isEqualTo("invalid"); // the quoted field ran to the end of the file
    assertThat(lines.get(5).getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("unterminated quoted field");
    assertThat(lines.get(6).getJsonObject("summary").getLong("accepted")).isEqualTo(2);
  }

  @Test
  void headerWithoutLeadColumnsOrWrongTypeIs4xx() throws Exception {
    var noColumns =
        upload(new java.io.ByteArrayInputStream("foo,bar\n1,2\n".getBytes()), "text/csv");
    assertThat(noColumns.statusCode()).isEqualTo(400);
    assertThat(String.join("", noColumns.body().toList())).contains("\"field\":\"header\"");
    assertThat(
            upload(
                    new java.io.ByteArrayInputStream("email\na@b.co\n".getBytes()),
                    "application/json")
                .statusCode())
        .isEqualTo(415);
    var empty = upload(new java.io.ByteArrayInputStream(new byte[0]), "text/csv");
    assertThat(empty.statusCode()).isEqualTo(400);
  }
}
