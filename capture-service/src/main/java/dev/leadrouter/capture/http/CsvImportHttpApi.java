package dev.leadrouter.capture.http;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.csv.CsvLeadRows;
import dev.leadrouter.capture.csv.CsvPushParser;
import dev.leadrouter.capture.csv.CsvRecord;
import dev.leadrouter.capture.source.FieldMapping;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.source.SourceKind;
import dev.leadrouter.capture.store.CapturedLead;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import dev.leadrouter.v1.DedupeOutcome;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.SourceChannel;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/leads/import}: a CSV upload streamed row by row. Rows are parsed as bytes arrive,
 * stored a few at a time, and answered as a streamed NDJSON body, one line per row in order ({@code
 * {"row":1,"line":2,"status":"accepted"|"duplicate"|"invalid"|"failed",...}}) and a summary line.
 * The upload is paused while rows wait (back-pressure), so memory holds a few rows whatever the
 * file size. Each row is its own lead: one bad row never affects another.
 */
public final class CsvImportHttpApi {
  static final int MAX_ROW_BYTES = 64 * 1024;
  static final int MAX_COLUMNS = 200;

  private final LeadIntake intake;
  private final Map<String, SourceConfig> sources;
  private final SourceAuth auth;
  private final int concurrency;

  public CsvImportHttpApi(
      LeadIntake intake, Map<String, SourceConfig> sources, SourceAuth auth, int concurrency) {
    this.intake = intake;
    this.sources = Map.copyOf(sources);
    this.auth = auth;
    this.concurrency = Math.max(1, concurrency);
  }

  public void mount(DeclaredRoutes router) {
    router
        .streamingRoute(HttpMethod.POST, "/v1/leads/import", Access.source())
        .handler(this::start)
        .failureHandler(Problem::fromStatus);
  }

  private void start(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    SourceConfig source;
    try {
      source = source(ctx);
    } catch (RuntimeException e) {
      refuseUnread(ctx);
      Problem.fromFailure(ctx, e);
      return;
    }
    String mime = SourceHttpApi.mime(ctx);
    if (!mime.equals("text/csv") && !mime.equals("application/csv")) {
      refuseUnread(ctx);
      Problem.send(ctx, 415, "Unsupported media type", "send Content-Type: text/csv", null);
      return;
    }
    new Import(ctx, source).run();
  }

  /**
   * Refused before the upload was read: the connection closes after the answer. Otherwise the
   * unread (paused) body would hold the keep-alive connection and its next request would never be
   * answered.
   */
  private static void refuseUnread(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader("Connection", "close");
    }
  }

  private SourceConfig source(RoutingContext ctx) {
    String id = ctx.queryParams().get("source_id");
    if (id == null) {
      auth.genericIngest(ctx.request());
      return new SourceConfig(
          "csv-import",
          SourceKind.JSON,
          SourceChannel.SOURCE_CHANNEL_BULK_IMPORT,
          null,
          null,
          Duration.ZERO,
          null,
          false,
          Set.of(),
          FieldMapping.standard(),
          Map.of());
    }
    SourceConfig s = sources.get(id);
    if (s == null) {
      throw new NotFoundException("no source with this id");
    }
    auth.sourceKey(s, ctx.request());
    return new SourceConfig(
        s.id(),
        s.kind(),
        SourceChannel.SOURCE_CHANNEL_BULK_IMPORT,
        s.apiKeyCaller(),
        null,
        s.replayWindow(),
        null,
        s.rejectDisposableEmail(),
        Set.of(),
        s.mapping(),
        Map.of());
  }

  /** One upload in progress. All state is touched on the request's event loop only. */
  private final class Import {
    private static final int HIGH_WATER = 256;

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final SourceConfig source;
    private final ArrayDeque<CsvRecord> waiting = new ArrayDeque<>();
    private final ArrayDeque<String[]> inOrder =
        new ArrayDeque<>(); // result lines, null until done
    private final CsvPushParser parser;
    private CsvLeadRows rows;
    private int inFlight;
    private boolean uploadEnded;
    private boolean finished;
    private long accepted;
    private long duplicate;
    private long invalid;
    private long failed;

    Import(RoutingContext ctx, SourceConfig source) {
      this.ctx = ctx;
      this.request = ctx.request();
      this.response = ctx.response();
      this.source = source;
      this.parser = new CsvPushParser(MAX_ROW_BYTES, MAX_COLUMNS, waiting::add);
    }

    void run() {
      request.handler(
          chunk -> {
            if (finished) {
              return; // refused or abandoned: drain the rest of the upload without keeping it
            }
            parser.feed(chunk.getBytes());
            if (waiting.size() > HIGH_WATER) {
              request.pause();
            }
            pump();
          });
      request.endHandler(
          v -> {
            parser.finish();
            uploadEnded = true;
            pump();
          });
      request.exceptionHandler(e -> finished = true);
      response.drainHandler(v -> pump());
      response.closeHandler(v -> finished = true);
      request.resume();
    }

    private void pump() {
      if (finished) {
        return;
      }
      if (rows == null && !waiting.isEmpty() && !readHeader(waiting.poll())) {
        return;
      }
      while (rows != null
          && inFlight < concurrency
          && !waiting.isEmpty()
          && !response.writeQueueFull()) {
        CsvRecord record = waiting.poll();
        String[] slot = new String[1];
        inOrder.add(slot);
        inFlight++;
        capture(record)
            .onComplete(
                ar -> {
                  inFlight--;
                  slot[0] = ar.result();
                  flush();
                  pump();
                });
      }
      if (!uploadEnded && waiting.size() < HIGH_WATER / 2) {
        request.resume();
      }
      if (uploadEnded && waiting.isEmpty() && inFlight == 0 && inOrder.isEmpty()) {
        end();
      }
    }

    private boolean readHeader(CsvRecord header) {
      try {
        if (!header.ok()) {
          throw new InvalidInputException("header", header.error());
        }
        rows = new CsvLeadRows(source, header.fields());
      } catch (InvalidInputException e) {
        finished = true;
        response.putHeader("Connection", "close");
        Problem.fromFailure(ctx, e);
        return false;
      }
      response
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("content-type", "application/x-ndjson");
      return true;
    }

    /** The result line of one row; never fails. */
    private Future<String> capture(CsvRecord record) {
      long row = record.number() - 1;
      long line = record.line();
      Lead lead;
      try {
        lead = rows.lead(record);
      } catch (InvalidInputException e) {
        return Future.succeededFuture(invalid(row, line, e));
      }
      return intake
          .capture(lead, null, source)
          .transform(
              ar -> {
                if (ar.succeeded()) {
                  return Future.succeededFuture(accepted(row, line, ar.result()));
                }
                if (ar.cause() instanceof InvalidInputException e) {
                  return Future.succeededFuture(invalid(row, line, e));
                }
                failed++;
                return Future.succeededFuture(
                    new JsonObject()
                        .put("row", row)
                        .put("line", line)
                        .put("status", "failed")
                        .put("message", "not stored; import this row again")
                        .encode());
              });
    }

    private String accepted(long row, long line, CapturedLead captured) {
      boolean isNew = captured.outcome() == DedupeOutcome.DEDUPE_OUTCOME_NEW;
      if (isNew) {
        accepted++;
      } else {
        duplicate++;
      }
      JsonObject result =
          new JsonObject()
              .put("row", row)
              .put("line", line)
              .put("status", isNew ? "accepted" : "duplicate")
              .put("lead_id", captured.lead().getLeadId())
              .put("dedupe_outcome", captured.outcome().name())
              .put("flags", new JsonArray(captured.lead().getFlagsList()));
      return result.encode();
    }

    private String invalid(long row, long line, InvalidInputException e) {
      invalid++;
      JsonArray errors = new JsonArray();
      for (Violation v : e.violations()) {
        errors.add(new JsonObject().put("field", v.field()).put("message", v.description()));
      }
      return new JsonObject()
          .put("row", row)
          .put("line", line)
          .put("status", "invalid")
          .put("errors", errors)
          .encode();
    }

    private void flush() {
      while (!inOrder.isEmpty() && inOrder.peek()[0] != null) {
        if (!finished) {
          response.write(Buffer.buffer(inOrder.poll()[0]).appendByte((byte) '\n'));
        } else {
          inOrder.poll();
        }
      }
    }

    private void end() {
      if (finished) {
        // A row answered synchronously (an invalid last row) can end the import from a nested
        // pump; the outer one must not end the response a second time.
        return;
      }
      finished = true;
      JsonObject summary =
          new JsonObject()
              .put("accepted", accepted)
              .put("duplicate", duplicate)
              .put("invalid", invalid)
              .put("failed", failed)
              .put(
                  "ignored_columns",
                  rows == null ? new JsonArray() : new JsonArray(rows.ignoredColumns()));
      if (rows == null) {
        Problem.fromFailure(
            ctx, new InvalidInputException("body", "empty CSV: expected a header row"));
        return;
      }
      response.end(new JsonObject().put("summary", summary).encode() + "\n");
    }
  }
}
