package dev.leadrouter.notify.grpc;

import dev.leadrouter.notify.Notifications;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.grpc.BatchCalls;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.BatchNotifyRequest;
import dev.leadrouter.v1.BatchNotifyResponse;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyResult;
import dev.leadrouter.v1.NotifyServiceGrpcService;
import io.vertx.core.Future;

/**
 * Exposes {@link Notifications} as leadrouter.v1.NotifyService; every method declares the role it
 * needs.
 */
public final class NotifyGrpcService {
  private NotifyGrpcService() {}

  public static GrpcServiceBinding create(Notifications notifications, ApiKeys apiKeys) {
    return binding(notifications, apiKeys);
  }

  /**
   * With CheckCrmOwner (internal: sla-service asks it before an automatic reassignment), served by
   * the CRM write-back.
   */
  public static GrpcServiceBinding create(
      Notifications notifications,
      ApiKeys apiKeys,
      dev.leadrouter.notify.crm.CrmOwnerCheck crmOwnerCheck) {
    return binding(notifications, apiKeys)
        .unary(NotifyServiceGrpcService.CheckCrmOwner, Role.INTERNAL, crmOwnerCheck::check);
  }

  private static GrpcServiceBinding binding(Notifications notifications, ApiKeys apiKeys) {
    return new GrpcServiceBinding(
            NotifyServiceGrpcService.SERVICE_NAME,
            NotifyServiceGrpcService.SERVICE_DESCRIPTOR,
            apiKeys)
        .unary(NotifyServiceGrpcService.Notify, Role.INTERNAL, notifications::notify)
        .unary(
            NotifyServiceGrpcService.BatchNotify,
            Role.INTERNAL,
            batch -> batchNotify(notifications, batch))
        .unary(NotifyServiceGrpcService.ListDeliveries, Role.READ, notifications::listDeliveries)
        .unary(NotifyServiceGrpcService.ListDeadLetters, Role.READ, notifications::listDeadLetters)
        .unary(NotifyServiceGrpcService.RetryDeadLetter, Role.ADMIN, notifications::retryDeadLetter)
        .unary(NotifyServiceGrpcService.ForgetLead, Role.INTERNAL, notifications::forgetLead);
  }

  private static Future<BatchNotifyResponse> batchNotify(
      Notifications notifications, BatchNotifyRequest batch) {
    return BatchCalls.together(
            batch.getRequestsList(),
            Notifications::validated,
            notifications::notifyTogether,
            notifications::notify)
        .map(
            outcomes -> {
              BatchNotifyResponse.Builder response = BatchNotifyResponse.newBuilder();
              for (BatchCalls.Outcome<NotifyResponse> o : outcomes) {
                response.addResults(
                    o.succeeded()
                        ? NotifyResult.newBuilder().setResponse(o.response())
                        : NotifyResult.newBuilder().setError(o.error()));
              }
              return response.build();
            });
  }
}
