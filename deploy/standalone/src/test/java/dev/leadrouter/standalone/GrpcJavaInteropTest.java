package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.BadRequest;
import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureLeadResponse;
import dev.leadrouter.v1.CaptureServiceGrpc;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.DedupeOutcome;
import dev.leadrouter.v1.GetLeadRequest;
import dev.leadrouter.v1.Lead;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain grpc-java client (grpc-netty, the stubs generated into the proto jar) calls
 * capture-service.
 */
class GrpcJavaInteropTest {
  private StackFixture fixture;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    fixture = new StackFixture();
    StackFixture.await(fixture.vertx.deployVerticle(new CaptureVerticle(fixture.settings)));
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", fixture.ports.get("CAPTURE"))
            .usePlaintext()
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    fixture.close();
  }

  private CaptureServiceGrpc.CaptureServiceBlockingStub stub(String key) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return CaptureServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void capturesALeadAndReadsItBack() {
    CaptureLeadRequest request =
        CaptureLeadRequest.newBuilder()
            .setIdempotencyKey("form-submission-42")
            .setLead(
                Lead.newBuilder()
                    .setContact(
                        Contact.newBuilder().setFirstName(" Ada ").setEmail("ADA@Example.org")))
            .build();
    CaptureLeadResponse first = stub(TestSettings.CLIENT_KEY).captureLead(request);
    assertThat(first.getDedupeOutcome()).isEqualTo(DedupeOutcome.DEDUPE_OUTCOME_NEW);

    CaptureLeadResponse replay = stub(TestSettings.CLIENT_KEY).captureLead(request);
    assertThat(replay.getLeadId()).isEqualTo(first.getLeadId());
    assertThat(replay.getDedupeOutcome()).isEqualTo(DedupeOutcome.DEDUPE_OUTCOME_IDEMPOTENT_REPLAY);

    Lead stored =
        stub(TestSettings.READ_KEY)
            .getLead(GetLeadRequest.newBuilder().setLeadId(first.getLeadId()).build());
    assertThat(stored.getContact().getEmail()).isEqualTo("ada@example.org");
    assertThat(stored.getContact().getFirstName()).isEqualTo("Ada");
  }

  @Test
  void invalidLeadIsInvalidArgumentWithBadRequestDetails() throws Exception {
    CaptureLeadRequest request =
        CaptureLeadRequest.newBuilder()
            .setLead(Lead.newBuilder().setContact(Contact.newBuilder().setFirstName("No contact")))
            .build();
    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> stub(TestSettings.CLIENT_KEY).captureLead(request));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details).isNotNull();
    BadRequest badRequest = details.getDetails(0).unpack(BadRequest.class);
    assertThat(badRequest.getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactly("lead.contact");
  }

  @Test
  void anIngestKeyCannotReadLeads() {
    assertThatThrownBy(
            () ->
                stub(TestSettings.CLIENT_KEY)
                    .getLead(GetLeadRequest.newBuilder().setLeadId("x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void wrongKeyIsUnauthenticated() {
    assertThatThrownBy(
            () ->
                stub("definitely-not-a-valid-key")
                    .getLead(GetLeadRequest.newBuilder().setLeadId("x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }
}
