package dev.leadrouter.notify.grpc;

import dev.leadrouter.notify.Notifications;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.NotifyServiceGrpcService;
import io.vertx.grpc.server.Service;

/**
 * Exposes {@link Notifications} as leadrouter.v1.NotifyService; every method requires an API key.
 */
public final class NotifyGrpcService {
  private NotifyGrpcService() {}

  public static Service create(Notifications notifications, ApiKeys apiKeys) {
    return binding(notifications, apiKeys);
  }

  /**
   * With CheckCrmOwner (internal: sla-service asks it before an automatic reassignment), served by
   * the CRM write-back.
   */
  public static Service create(
      Notifications notifications,
      ApiKeys apiKeys,
      dev.leadrouter.notify.crm.CrmOwnerCheck crmOwnerCheck) {
    return binding(notifications, apiKeys)
        .unary(NotifyServiceGrpcService.CheckCrmOwner, crmOwnerCheck::check);
  }

  private static GrpcServiceBinding binding(Notifications notifications, ApiKeys apiKeys) {
    return new GrpcServiceBinding(
            NotifyServiceGrpcService.SERVICE_NAME,
            NotifyServiceGrpcService.SERVICE_DESCRIPTOR,
            apiKeys)
        .unary(NotifyServiceGrpcService.Notify, notifications::notify)
        .unary(NotifyServiceGrpcService.ListDeliveries, notifications::listDeliveries)
        .unary(NotifyServiceGrpcService.ListDeadLetters, notifications::listDeadLetters)
        .unary(NotifyServiceGrpcService.ForgetLead, notifications::forgetLead);
  }
}
