package dev.leadrouter.console.pages;

import com.google.protobuf.Timestamp;
import dev.leadrouter.console.Services;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListLeadsRequest;
import dev.leadrouter.v1.PageRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads captured leads of a period from capture-service, page by page, up to a limit. */
final class CapturedLeads {
  private static final int PAGE = 500;

  private CapturedLeads() {}

  static Future<List<Lead>> read(
      Services services, String key, Instant from, Instant to, int limit) {
    List<Lead> out = new ArrayList<>();
    return next(services, key, from, to, limit, "", out).map(v -> out);
  }

  private static Future<Void> next(
      Services services,
      String key,
      Instant from,
      Instant to,
      int limit,
      String token,
      List<Lead> out) {
    return services
        .capture(
            key,
            CaptureServiceGrpcClient.ListLeads,
            ListLeadsRequest.newBuilder()
                .setFrom(ts(from))
                .setTo(ts(to))
                .setPage(PageRequest.newBuilder().setPageSize(PAGE).setPageToken(token))
                .build())
        .compose(
            page -> {
              for (Lead l : page.getLeadsList()) {
                if (out.size() < limit) {
                  out.add(l);
                }
              }
              return page.getNextPageToken().isEmpty() || out.size() >= limit
                  ? Future.succeededFuture()
                  : next(services, key, from, to, limit, page.getNextPageToken(), out);
            });
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
