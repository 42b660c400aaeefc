package dev.leadrouter.routing;

import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.UpsertRepRequest;
import io.vertx.grpc.common.ServiceMethod;
import java.util.Map;

/** {@link RoutingHarness} for tests in sub-packages (it is package-private). */
public final class RoutingHarnessAccess implements AutoCloseable {
  private final RoutingHarness harness;

  private RoutingHarnessAccess(RoutingHarness harness) {
    this.harness = harness;
  }

  public static RoutingHarnessAccess start(Map<String, String> extra) throws Exception {
    return new RoutingHarnessAccess(new RoutingHarness(1, extra));
  }

  public void reps(String... ids) throws Exception {
    harness.reps(ids);
  }

  public Rep upsert(Rep rep) throws Exception {
    return call(
        dev.leadrouter.v1.RoutingServiceGrpcClient.UpsertRep,
        UpsertRepRequest.newBuilder().setRep(rep).build());
  }

  public Rep rep(String id) throws Exception {
    return call(
        dev.leadrouter.v1.RoutingServiceGrpcClient.GetRep,
        GetRepRequest.newBuilder().setRepId(id).build());
  }

  public <Req, Resp> Resp call(ServiceMethod<Resp, Req> method, Req request) throws Exception {
    return harness.call(0, method, request);
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
