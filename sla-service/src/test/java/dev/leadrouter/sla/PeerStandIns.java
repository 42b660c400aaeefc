package dev.leadrouter.sla;

import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyServiceGrpcService;
import dev.leadrouter.v1.ReassignRequest;
import dev.leadrouter.v1.RecordFirstTouchRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Real gRPC servers on 127.0.0.1 standing in for notify-service and routing-service at the protocol
 * boundary: they answer like the real services (GetRep with contact data, GetAssignment with the
 * lead's current assignment) and record every call sla-service makes.
 */
final class PeerStandIns {
  final Queue<NotifyRequest> notifications = new ConcurrentLinkedQueue<>();
  final Queue<ReassignRequest> reassignments = new ConcurrentLinkedQueue<>();
  final Queue<RecordFirstTouchRequest> firstTouches = new ConcurrentLinkedQueue<>();
  final Queue<String> repLookups = new ConcurrentLinkedQueue<>();

  /** lead id -> current assignment id, as routing would answer GetAssignment. */
  final Map<String, String> currentAssignment = new ConcurrentHashMap<>();

  /** Called on Reassign, e.g. to start the new owner's clock as routing does. */
  volatile Consumer<ReassignRequest> onReassign = r -> {};

  volatile boolean recordFirstTouchImplemented = true;

  private final HttpServer server;

  private PeerStandIns(HttpServer server) {
    this.server = server;
  }

  static PeerStandIns start(Vertx vertx) {
    PeerStandIns[] self = new PeerStandIns[1];
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.addService(
        new NotifyServiceGrpcService() {
          @Override
          public Future<NotifyResponse> notify(NotifyRequest request) {
            self[0].notifications.add(request);
            return Future.succeededFuture(NotifyResponse.getDefaultInstance());
          }
        });
    grpc.addService(
        new RoutingServiceGrpcService() {
          @Override
          public Future<Rep> getRep(GetRepRequest request) {
            self[0].repLookups.add(request.getRepId());
            return Future.succeededFuture(
                Rep.newBuilder()
                    .setRepId(request.getRepId())
                    .setDisplayName("Rep " + request.getRepId())
                    .setEmail(request.getRepId() + "@example.com")
                    .setTimeZone("Europe/Berlin")
                    .addNotificationChannels("email")
                    .build());
          }

          @Override
          public Future<Assignment> getAssignment(GetAssignmentRequest request) {
            String current = self[0].currentAssignment.get(request.getLeadId());
            return current == null
                ? Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "no such lead"))
                : Future.succeededFuture(
                    Assignment.newBuilder()
                        .setAssignmentId(current)
                        .setLeadId(request.getLeadId())
                        .build());
          }

          @Override
          public Future<Assignment> reassign(ReassignRequest request) {
            self[0].reassignments.add(request);
            self[0].onReassign.accept(request);
            return Future.succeededFuture(
                Assignment.newBuilder().setLeadId(request.getLeadId()).build());
          }

          @Override
          public Future<Assignment> recordFirstTouch(RecordFirstTouchRequest request) {
            if (!self[0].recordFirstTouchImplemented) {
              return Future.failedFuture(new StatusException(GrpcStatus.UNIMPLEMENTED, "not yet"));
            }
            self[0].firstTouches.add(request);
            return Future.succeededFuture(
                Assignment.newBuilder().setAssignmentId(request.getAssignmentId()).build());
          }
        });
    HttpServer server =
        RunningSlaService.await(
            vertx.createHttpServer().requestHandler(grpc).listen(0, "127.0.0.1"),
            Duration.ofSeconds(10));
    self[0] = new PeerStandIns(server);
    return self[0];
  }

  String address() {
    return "127.0.0.1:" + server.actualPort();
  }

  /** Settings pointing sla-service at these stand-ins. */
  Map<String, String> settings() {
    return Map.of("SLA_NOTIFY_ADDRESS", address(), "SLA_ROUTING_ADDRESS", address());
  }

  List<NotifyRequest> notifications(NotificationKind kind, String assignmentId) {
    return notifications.stream()
        .filter(n -> n.getKind() == kind && n.getAssignmentId().equals(assignmentId))
        .toList();
  }

  List<NotifyRequest> notifications(NotificationKind kind) {
    return notifications.stream().filter(n -> n.getKind() == kind).toList();
  }

  void stop() {
    RunningSlaService.await(server.close(), Duration.ofSeconds(10));
  }
}
