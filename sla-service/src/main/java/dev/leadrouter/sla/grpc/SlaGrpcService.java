package dev.leadrouter.sla.grpc;

import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.grpc.BatchCalls;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.sla.SlaClocks;
import dev.leadrouter.sla.clock.NewClock;
import dev.leadrouter.sla.report.PageToken;
import dev.leadrouter.sla.report.SpeedToLeadPage;
import dev.leadrouter.sla.report.SpeedToLeadQuery;
import dev.leadrouter.sla.report.SpeedToLeadRow;
import dev.leadrouter.v1.BatchStartClockRequest;
import dev.leadrouter.v1.BatchStartClockResponse;
import dev.leadrouter.v1.SlaServiceGrpcService;
import dev.leadrouter.v1.SpeedToLeadReport;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.StartClockResult;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * leadrouter.v1.SlaService over gRPC: validates requests, calls {@link SlaClocks}, maps the answer.
 * Failures (invalid input, unknown assignment, bad key) become statuses in {@link
 * GrpcServiceBinding}.
 */
public final class SlaGrpcService {
  private final SlaClocks clocks;
  private final ClockRequests clockRequests;

  private final AckToken ackTokens;

  /**
   * @param ackTokens redeems RecordTouch.ack_token; null when no ack secret is configured
   */
  public SlaGrpcService(SlaClocks clocks, Clock clock, AckToken ackTokens) {
    this.clocks = clocks;
    this.clockRequests = new ClockRequests(clock);
    this.ackTokens = ackTokens;
  }

  /** The service with every method bound; each call needs one of {@code apiKeys}. */
  public GrpcServiceBinding binding(ApiKeys apiKeys) {
    return binding(apiKeys, null);
  }

  /**
   * @param holds serves HoldReassignment (internal: called by notify-service's CRM write-back);
   *     null leaves it unbound
   */
  public GrpcServiceBinding binding(
      ApiKeys apiKeys, dev.leadrouter.sla.crm.ReassignmentHolds holds) {
    GrpcServiceBinding binding = bindClocks(apiKeys);
    return holds == null
        ? binding
        : binding.unary(SlaServiceGrpcService.HoldReassignment, Role.INTERNAL, holds::hold);
  }

  private GrpcServiceBinding bindClocks(ApiKeys apiKeys) {
    return new GrpcServiceBinding(
            SlaServiceGrpcService.SERVICE_NAME, SlaServiceGrpcService.SERVICE_DESCRIPTOR, apiKeys)
        .unary(SlaServiceGrpcService.StartClock, Role.INTERNAL, this::startClock)
        .unary(SlaServiceGrpcService.BatchStartClock, Role.INTERNAL, this::batchStartClock)
        .unary(
            SlaServiceGrpcService.RecordTouch,
            Role.ADMIN,
            r -> clocks.touch(clockRequests.touch(r, ackTokens)).map(ClockMessages::toProto))
        .unary(
            SlaServiceGrpcService.GetClock,
            Role.READ,
            r -> clocks.get(clockRequests.assignmentId(r)).map(ClockMessages::toProto))
        .unary(
            SlaServiceGrpcService.ReportSpeedToLead,
            Role.READ,
            r -> {
              SpeedToLeadQuery query = ReportRequests.query(r);
              return clocks.speedToLead(query).map(page -> toProto(query, page));
            })
        .unary(
            SlaServiceGrpcService.ForgetLead,
            Role.INTERNAL,
            r -> clocks.forgetLead(clockRequests.leadId(r.getLeadId())));
  }

  private Future<dev.leadrouter.v1.Clock> startClock(StartClockRequest r) {
    return clocks.start(clockRequests.newClock(r)).map(ClockMessages::toProto);
  }

  private Future<BatchStartClockResponse> batchStartClock(BatchStartClockRequest batch) {
    return BatchCalls.together(
            batch.getRequestsList(),
            clockRequests::newClock,
            (List<NewClock> requests) ->
                clocks
                    .startAll(requests)
                    .map(started -> started.stream().map(ClockMessages::toProto).toList()),
            request -> clocks.start(request).map(ClockMessages::toProto))
        .map(
            outcomes -> {
              BatchStartClockResponse.Builder response = BatchStartClockResponse.newBuilder();
              for (BatchCalls.Outcome<dev.leadrouter.v1.Clock> o : outcomes) {
                response.addResults(
                    o.succeeded()
                        ? StartClockResult.newBuilder().setClock(o.response())
                        : StartClockResult.newBuilder().setError(o.error()));
              }
              return response.build();
            });
  }

  private static SpeedToLeadReport toProto(SpeedToLeadQuery query, SpeedToLeadPage page) {
    SpeedToLeadReport.Builder report =
        SpeedToLeadReport.newBuilder()
            .setFrom(ProtoTime.timestamp(query.from()))
            .setTo(ProtoTime.timestamp(query.to()));
    for (SpeedToLeadRow row : page.rows()) {
      dev.leadrouter.v1.SpeedToLeadRow.Builder b =
          dev.leadrouter.v1.SpeedToLeadRow.newBuilder()
              .setKey(row.key())
              .setAssigned(row.assigned())
              .setTouched(row.touched())
              .setBreachRate(row.breachRate())
              .setTouchedWithin5MShare(row.touchedWithin5mShare())
              .setBreached(row.breached());
      if (row.median() != null) {
        b.setMedian(ProtoTime.duration(row.median()));
      }
      if (row.p90() != null) {
        b.setP90(ProtoTime.duration(row.p90()));
      }
      report.addRows(b);
    }
    if (page.hasMore()) {
      String lastKey = page.rows().get(page.rows().size() - 1).key();
      report.setNextPageToken(
          PageToken.encode(query.from(), query.to(), query.grouping(), lastKey));
    }
    return report.build();
  }
}
