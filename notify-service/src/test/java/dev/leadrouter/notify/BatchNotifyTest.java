package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.v1.BatchNotifyRequest;
import dev.leadrouter.v1.BatchNotifyResponse;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BatchNotify, the call routing's relay makes under load: each event is queued as Notify would
 * queue it, one invalid event is refused alone, and the batch's deliveries commit together.
 */
class BatchNotifyTest {
  private static TestSmtp smtp;
  private static RunningNotify service;
  private static Pool db;

  @BeforeAll
  static void start() {
    smtp = TestSmtp.listening();
    String url = TestDatabase.newDatabase();
    service = RunningNotify.start(smtp.port(), Map.of(), url);
    db =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(url).addProperty("search_path", "notify"))
            .using(service.vertx)
            .build();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (smtp != null) {
      smtp.close();
    }
  }

  @Test
  void aBurstIsSentOnceEachAndMarksWaitingForACommitShareOne() throws Exception {
    BatchNotifyRequest.Builder burst = BatchNotifyRequest.newBuilder();
    List<String> addresses = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String address = "burst" + i + "@sales.example";
      addresses.add(address);
      burst.addRequests(TestRequests.newLead(address));
    }
    BatchNotifyResponse response = service.call(NotifyServiceGrpcClient.BatchNotify, burst.build());
    String ids =
        response.getResultsList().stream()
            .map(r -> "'" + r.getResponse().getDeliveries(0).getDeliveryId() + "'")
            .collect(java.util.stream.Collectors.joining(","));
    String counts =
        "SELECT count(*) FILTER (WHERE status = 'SENT'), count(DISTINCT sent_at) FROM deliveries"
            + " WHERE id IN ("
            + ids
            + ")";
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                RunningNotify.await(db.query(counts).execute()).iterator().next().getLong(0) == 60);
    addresses.forEach(a -> assertThat(smtp.awaitOneMailTo(a)).isNotNull());

    // Marks beyond the few committing at once wait and share one UPDATE: 60 marks made in one
    // event-loop task take at most 4 + 1 statements (updated_at is now() of the marking UPDATE).
    var repository = new dev.leadrouter.notify.delivery.DeliveryRepository(db);
    List<String> deliveryIds =
        response.getResultsList().stream()
            .map(r -> r.getResponse().getDeliveries(0).getDeliveryId())
            .toList();
    io.vertx.core.Promise<Void> marked = io.vertx.core.Promise.promise();
    service.vertx.runOnContext(
        v -> {
          List<io.vertx.core.Future<Void>> marks = new java.util.ArrayList<>();
          for (String id : deliveryIds) {
            marks.add(repository.markSent(UUID.fromString(id), "ref-" + id));
          }
          io.vertx.core.Future.all(marks).<Void>mapEmpty().onComplete(marked);
        });
    RunningNotify.await(marked.future());
    var row =
        RunningNotify.await(
                db.query(
                        "SELECT count(*) FILTER (WHERE provider_ref = 'ref-' || id::text),"
                            + " count(DISTINCT updated_at) FROM deliveries WHERE id IN ("
                            + ids
                            + ")")
                    .execute())
            .iterator()
            .next();
    assertThat(row.getLong(0)).as("each delivery's own provider reference").isEqualTo(60);
    assertThat(row.getLong(1)).as("UPDATEs marking 60 sends").isLessThanOrEqualTo(5);
  }

  @Test
  void eachEventIsQueuedAsNotifyWouldInOneTransactionAndOnlyTheInvalidOneIsRefused()
      throws Exception {
    NotifyRequest first = TestRequests.newLead("ba1@sales.example");
    NotifyRequest second = TestRequests.newLead("ba2@sales.example");
    NotifyRequest invalid =
        second.toBuilder()
            .setAssignmentId(UUID.randomUUID().toString())
            .setRecipients(0, second.getRecipients(0).toBuilder().setEmail("not-an-email"))
            .build();

    BatchNotifyResponse response =
        service.call(
            NotifyServiceGrpcClient.BatchNotify,
            BatchNotifyRequest.newBuilder()
                .addRequests(first)
                .addRequests(invalid)
                .addRequests(second)
                .addRequests(first)
                .build());

    assertThat(response.getResultsList()).hasSize(4);
    String firstDelivery = response.getResults(0).getResponse().getDeliveries(0).getDeliveryId();
    assertThat(response.getResults(1).getError().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(
            response
                .getResults(1)
                .getError()
                .getDetails(0)
                .unpack(BadRequest.class)
                .getFieldViolations(0)
                .getField())
        .isEqualTo("recipients[0].email");
    assertThat(response.getResults(2).getResponse().getDeliveries(0).getAddress())
        .isEqualTo("ba2@sales.example");
    assertThat(response.getResults(3).getResponse().getDeliveries(0).getDeliveryId())
        .as("the same event twice: one delivery")
        .isEqualTo(firstDelivery);
    // created_at is now(), the inserting transaction's start: one transaction for the batch (xmin
    // would not do: the relay's status updates write new row versions)
    var transactions =
        RunningNotify.await(
            db.query(
                    "SELECT count(*), count(DISTINCT created_at) FROM deliveries WHERE assignment_id IN ('"
                        + first.getAssignmentId()
                        + "', '"
                        + second.getAssignmentId()
                        + "', '"
                        + invalid.getAssignmentId()
                        + "')")
                .execute());
    assertThat(transactions.iterator().next().getLong(0)).as("deliveries stored").isEqualTo(2);
    assertThat(transactions.iterator().next().getLong(1)).as("transactions").isEqualTo(1);
    smtp.awaitOneMailTo("ba1@sales.example");
    smtp.awaitOneMailTo("ba2@sales.example");
    assertThat(smtp.mailTo("not-an-email")).isEmpty();
  }
}
