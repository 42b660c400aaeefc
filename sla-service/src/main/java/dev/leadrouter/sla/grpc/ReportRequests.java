package dev.leadrouter.sla.grpc;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.sla.report.Grouping;
import dev.leadrouter.sla.report.PageToken;
import dev.leadrouter.sla.report.SpeedToLeadQuery;
import dev.leadrouter.v1.SpeedToLeadRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks speed-to-lead report requests and turns them into queries. */
final class ReportRequests {
  /** A year, plus a leap day, bounds the rows one report has to aggregate. */
  static final Duration MAX_RANGE = Duration.ofDays(366);

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 500;

  private ReportRequests() {}

  static SpeedToLeadQuery query(SpeedToLeadRequest r) {
    List<Violation> violations = new ArrayList<>();
    Instant from = timestamp(violations, "from", r.hasFrom(), r.getFrom());
    Instant to = timestamp(violations, "to", r.hasTo(), r.getTo());
    if (from != null && to != null) {
      if (!to.isAfter(from)) {
        violations.add(new Violation("to", "must be after from"));
      } else if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
        violations.add(new Violation("to", "must be at most 366 days after from"));
      }
    }
    Grouping grouping =
        switch (r.getGroupBy()) {
          case REPORT_GROUPING_UNSPECIFIED, REPORT_GROUPING_REP -> Grouping.REP;
          case REPORT_GROUPING_QUEUE -> Grouping.QUEUE;
          case REPORT_GROUPING_SEGMENT -> Grouping.SEGMENT;
          case UNRECOGNIZED -> {
            violations.add(new Violation("group_by", "is not a known grouping"));
            yield null;
          }
        };
    int pageSize = r.getPage().getPageSize();
    if (pageSize < 0) {
      violations.add(new Violation("page.page_size", "must not be negative"));
    }
    pageSize = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    String afterKey = null;
    String token = r.getPage().getPageToken();
    if (!token.isEmpty() && violations.isEmpty()) {
      Optional<String> key = PageToken.decode(token, from, to, grouping);
      if (key.isEmpty()) {
        violations.add(
            new Violation(
                "page.page_token", "is malformed or belongs to a request with other filters"));
      } else {
        afterKey = key.get();
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return new SpeedToLeadQuery(from, to, grouping, pageSize, afterKey);
  }

  private static Instant timestamp(
      List<Violation> violations,
      String field,
      boolean present,
      com.google.protobuf.Timestamp value) {
    if (!present) {
      violations.add(new Violation(field, "is required"));
      return null;
    }
    if (!ProtoTime.isValid(value)) {
      violations.add(new Violation(field, "is not a valid timestamp"));
      return null;
    }
    return ProtoTime.instant(value);
  }
}
