package dev.leadrouter.capture.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bounded fuzz run (issue 11) against capture's HTTP doors: a few thousand requests generated
 * from a fixed seed (printed; set {@code -Dfuzz.seed=} to replay one) mixing valid leads with the
 * hostile input a stranger can send: NUL and lone surrogates, deep nesting, duplicate keys,
 * trailing garbage, wrong types, invalid UTF-8 and percent-encoding, truthy and falsy honeypots,
 * broken CSV. Asserts no 5xx and no dropped connection, then that every 2xx lead id is stored,
 * every honeypot id is not, and nothing else was stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureDoorsFuzzTest {
  private static final int REQUESTS = 2000;
  private static final int IN_FLIGHT = 16;
  private static final String FORM_KEY = "fuzz-form-key-0123456789";
  private static final String HOOK_SECRET = "fuzz-hook-secret-0123456789";

  private static final String[] NASTY = {
    "\\u0000",
    "a\\u0000b",
    "\\ud800",
    "x\\udc00y",
    "\\ud83d\\ude00",
    "😀",
    "\\n\\t",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "Ωmega",
    "",
    " ",
    "9223372036854775807",
    "-1",
    "1e309",
    "ä",
    "%00"
  };

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, String> accepted = new ConcurrentHashMap<>();
  private final Set<String> honeypotIds = ConcurrentHashMap.newKeySet();
  private final List<String> failures = new ArrayList<>();
  private WebClient web;
  private Pool db;
  private CaptureVerticle capture;
  private HmacSignature signer;

  @BeforeAll
  void start() throws Exception {
    NetServer blackHole =
        await(vertx.createNetServer().connectHandler(socket -> {}).listen(0, "127.0.0.1"));
    Path dir = Files.createTempDirectory("capture-fuzz");
    Path sources = dir.resolve("sources.yaml");
    Files.writeString(
        sources,
        """
        sources:
          - id: fuzz-form
            kind: form
            auth: {api_key_caller: fuzz-form-caller}
            honeypot: trap
          - id: fuzz-hook
            kind: mapped
            auth: {hmac_secret_env: FUZZ_HOOK_SECRET}
            honeypot: meta.trap
            mapping:
              email: contact.email
              name: contact.full_name
              id: external_id
              company: company.name
          - id: fuzz-hubspot
            kind: hubspot
            auth: {hmac_secret_env: FUZZ_HOOK_SECRET}
            honeypot: trap
        """);
    var settings =
        TestSettings.fresh(
            Map.of(
                "LEADROUTER_INGEST_API_KEYS",
                "test-client:" + TestSettings.CLIENT_KEY + ",fuzz-form-caller:" + FORM_KEY,
                "CAPTURE_SOURCES_FILE",
                sources.toString(),
                "FUZZ_HOOK_SECRET",
                HOOK_SECRET,
                "CAPTURE_ROUTING_ADDRESS",
                "127.0.0.1:" + blackHole.actualPort(),
                "CAPTURE_NOTIFY_ADDRESS",
                "127.0.0.1:" + blackHole.actualPort()));
    capture = new CaptureVerticle(settings);
    await(vertx.deployVerticle(capture));
    web =
        WebClient.create(
            vertx,
            new WebClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    db =
        PgBuilder.pool()
            .connectingTo(
                new PgConnectOptions(
                        PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL")))
                    .setProperties(Map.of("search_path", "capture")))
            .using(vertx)
            .build();
    signer = new HmacSignature(HOOK_SECRET, Duration.ofMinutes(5), Clock.systemUTC());
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void hostileRequestsNeverGet5xxNorDropTheConnectionAndStoreExactlyWhatWasAccepted()
      throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("CaptureDoorsFuzzTest seed: " + seed + " (-Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Generated> requests = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(generate(random, i));
    }
    long started = System.nanoTime();
    for (int from = 0; from < requests.size(); from += IN_FLIGHT) {
      List<Future<Void>> batch = new ArrayList<>();
      for (Generated g : requests.subList(from, Math.min(from + IN_FLIGHT, requests.size()))) {
        batch.add(send(g));
      }
      await(Future.join(batch).otherwiseEmpty());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "CaptureDoorsFuzzTest: %d requests in %.1f s, %d leads accepted, %d honeypots%n",
        REQUESTS, seconds, accepted.size(), honeypotIds.size());
    synchronized (failures) {
      assertThat(failures).as("seed " + seed).isEmpty();
    }

    Set<String> stored = new HashSet<>();
    for (Row r : await(db.query("SELECT lead_id::text FROM leads").execute())) {
      stored.add(r.getString(0));
    }
    assertThat(stored)
        .as("every 2xx lead is stored, and nothing else")
        .isEqualTo(accepted.keySet());
    assertThat(honeypotIds).as("honeypot ids are never stored").doesNotContainAnyElementsOf(stored);
    assertThat(accepted).as("the generator reaches the stores").hasSizeGreaterThan(REQUESTS / 10);
  }

  private record Generated(
      int index, String door, String path, String contentType, byte[] body, boolean trapped) {}

  private Future<Void> send(Generated g) {
    HttpRequest<Buffer> request = web.post(capture.httpPort(), "127.0.0.1", g.path());
    if (g.contentType() != null) {
      request.putHeader("Content-Type", g.contentType());
    }
    switch (g.door()) {
      case "json", "csv" -> request.putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY);
      case "form" -> request.putHeader("Authorization", "Bearer " + FORM_KEY);
      default -> request.putHeader("X-Leadrouter-Signature", signer.sign(g.body()));
    }
    return request
        .sendBuffer(Buffer.buffer(g.body()))
        .transform(
            ar -> {
              if (ar.failed()) {
                fail(g, "no answer: " + ar.cause());
              } else {
                check(g, ar.result());
              }
              return Future.<Void>succeededFuture();
            });
  }

  private void check(Generated g, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 500) {
      fail(g, "status " + status + ": " + response.bodyAsString());
      return;
    }
    if (status / 100 != 2) {
      return;
    }
    if (g.door().equals("csv")) {
      for (String line : response.bodyAsString().split("\n")) {
        JsonObject row = new JsonObject(line);
        if ("failed".equals(row.getString("status"))) {
          fail(g, "row failed: " + line);
        }
        String id = row.getString("lead_id");
        if (id != null) {
          accepted.put(id, g.door());
        }
      }
      return;
    }
    String id = response.bodyAsJsonObject().getString("lead_id");
    if (g.trapped()) {
      honeypotIds.add(id);
    } else {
      accepted.put(id, g.door());
    }
  }

  private void fail(Generated g, String what) {
    synchronized (failures) {
      if (failures.size() < 20) {
        failures.add(
            "#"
                + g.index()
                + " "
                + g.door()
                + " "
                + g.path()
                + " "
                + what
                + " body="
                + new String(g.body(), StandardCharsets.UTF_8)
                    .substring(0, Math.min(200, g.body().length)));
      }
    }
  }

  // ---- the generator ---------------------------------------------------------------------------

  private Generated generate(Random r, int i) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2, 3 -> json(r, i);
      case 4, 5 -> form(r, i);
      case 6, 7 -> hook(r, i);
      case 8 -> hubspot(r, i);
      default -> csv(r, i);
    };
  }

  private static String email(Random r, int i) {
    return "fuzz" + i + "-" + Integer.toHexString(r.nextInt()) + "@example.org";
  }

  private static String text(Random r) {
    return r.nextInt(3) == 0 ? NASTY[r.nextInt(NASTY.length)] : "Name" + r.nextInt(1000);
  }

  private static String quoted(Random r) {
    return "\"" + text(r) + "\"";
  }

  /** A JSON value: usually a string, sometimes another type or a deep nest. */
  private static String value(Random r) {
    return switch (r.nextInt(12)) {
      case 0 -> "[".repeat(40 + r.nextInt(5000)) + "]".repeat(3);
      case 1 -> "{\"a\":".repeat(30 + r.nextInt(40)) + "1" + "}".repeat(30);
      case 2 -> String.valueOf(r.nextLong());
      case 3 -> r.nextBoolean() ? "true" : "null";
      case 4 -> "[" + quoted(r) + "," + quoted(r) + "]";
      default -> quoted(r);
    };
  }

  private Generated json(Random r, int i) {
    String email = r.nextInt(8) == 0 ? text(r) : email(r, i);
    StringBuilder b = new StringBuilder("{\"contact\":{\"email\":\"").append(email).append('"');
    if (r.nextBoolean()) {
      b.append(",\"firstName\":").append(r.nextInt(4) == 0 ? value(r) : quoted(r));
    }
    if (r.nextInt(6) == 0) {
      b.append(",\"email\":\"dup-").append(email).append('"');
    }
    b.append('}');
    if (r.nextBoolean()) {
      b.append(",\"company\":{\"name\":").append(quoted(r)).append('}');
    }
    if (r.nextInt(4) == 0) {
      b.append(",\"externalId\":").append(quoted(r));
    }
    if (r.nextInt(6) == 0) {
      b.append(",\"receivedAt\":\"")
          .append(r.nextBoolean() ? "9999-12-31T23:59:59Z" : "0000-01-01T00:00:00Z")
          .append('"');
    }
    if (r.nextInt(8) == 0) {
      b.append(",\"unknownField\":").append(value(r));
    }
    b.append('}');
    String body = b.toString();
    body =
        switch (r.nextInt(14)) {
          case 0 -> body + " {\"trailing\":1}";
          case 1 -> body.substring(0, r.nextInt(body.length()));
          case 2 -> "[" + body + "]";
          default -> body;
        };
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(20) == 0) {
      bytes = mangle(r, bytes);
    }
    String type = r.nextInt(25) == 0 ? "text/plain" : "application/json";
    return new Generated(i, "json", "/v1/leads", type, bytes, false);
  }

  private Generated form(Random r, int i) {
    StringBuilder b = new StringBuilder("email=");
    b.append(r.nextInt(8) == 0 ? "%00" : email(r, i).replace("@", "%40"));
    b.append("&first_name=")
        .append(
            switch (r.nextInt(6)) {
              case 0 -> "%00x";
              case 1 -> "%ED%A0%80";
              case 2 -> "%zz";
              case 3 -> "%C3%28";
              default -> "Ada" + r.nextInt(100);
            });
    if (r.nextInt(5) == 0) {
      b.append("&external_id=ext%00").append(i);
    }
    boolean trapped = r.nextInt(8) == 0;
    if (trapped) {
      b.append("&trap=I+am+a+bot");
    } else if (r.nextBoolean()) {
      b.append("&trap=");
    }
    return new Generated(
        i,
        "form",
        "/v1/forms/fuzz-form",
        "application/x-www-form-urlencoded",
        b.toString().getBytes(StandardCharsets.US_ASCII),
        trapped);
  }

  private Generated hook(Random r, int i) {
    String trap =
        switch (r.nextInt(8)) {
          case 0 -> "false";
          case 1 -> "0";
          case 2 -> "\"\"";
          case 3 -> "null";
          case 4 -> "\"filled by a bot\"";
          case 5 -> "true";
          default -> null;
        };
    boolean trapped = "\"filled by a bot\"".equals(trap) || "true".equals(trap);
    StringBuilder b = new StringBuilder("{\"email\":\"").append(email(r, i)).append('"');
    b.append(",\"name\":").append(r.nextInt(3) == 0 ? value(r) : quoted(r));
    if (r.nextBoolean()) {
      b.append(",\"id\":").append(quoted(r));
    }
    if (trap != null) {
      b.append(",\"meta\":{\"trap\":").append(trap).append('}');
    }
    if (r.nextInt(10) == 0) {
      b.append(",\"email\":\"second@example.org\"");
    }
    b.append('}');
    String body = r.nextInt(15) == 0 ? b + "garbage" : b.toString();
    return new Generated(
        i,
        "hook",
        "/v1/webhooks/fuzz-hook",
        "application/json",
        body.getBytes(StandardCharsets.UTF_8),
        trapped && !body.endsWith("garbage") && !body.contains("second@"));
  }

  private Generated hubspot(Random r, int i) {
    String body =
        "{\"fields\":[{\"name\":\"email\",\"value\":\""
            + email(r, i)
            + "\"},{\"name\":\"firstname\",\"value\":"
            + (r.nextInt(3) == 0 ? value(r) : quoted(r))
            + "}],\"submissionId\":"
            + quoted(r)
            + ",\"context\":{\"pageUri\":"
            + quoted(r)
            + "}}";
    return new Generated(
        i,
        "hubspot",
        "/v1/webhooks/fuzz-hubspot",
        "application/json",
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  private Generated csv(Random r, int i) {
    StringBuilder b = new StringBuilder("email,first_name,external_id\n");
    int rows = 1 + r.nextInt(4);
    for (int row = 0; row < rows; row++) {
      b.append(r.nextInt(6) == 0 ? "not-an-email" : email(r, i * 10 + row)).append(',');
      b.append(
          switch (r.nextInt(6)) {
            case 0 -> "\"unbalanced";
            case 1 -> "nul\u0000inside";
            case 2 -> "\"quoted, with comma\"";
            default -> "Ada";
          });
      b.append(',').append(r.nextInt(4) == 0 ? "x\u0000" : "ext-" + i + "-" + row);
      if (row < rows - 1 || r.nextBoolean()) {
        b.append('\n');
      }
    }
    return new Generated(
        i,
        "csv",
        "/v1/leads/import",
        "text/csv",
        b.toString().getBytes(StandardCharsets.UTF_8),
        false);
  }

  /** Replaces a few bytes with ones that are not UTF-8 or are control characters. */
  private static byte[] mangle(Random r, byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int k = 0; k < 3 && copy.length > 0; k++) {
      copy[r.nextInt(copy.length)] = (byte) (r.nextBoolean() ? 0xC3 : 0x00);
    }
    return copy;
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
