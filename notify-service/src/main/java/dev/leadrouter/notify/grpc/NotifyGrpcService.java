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
    return new GrpcServiceBinding(
            NotifyServiceGrpcService.SERVICE_NAME,
            NotifyServiceGrpcService.SERVICE_DESCRIPTOR,
            apiKeys)
        .unary(NotifyServiceGrpcService.Notify, notifications::notify)
        .unary(NotifyServiceGrpcService.ListDeliveries, notifications::listDeliveries)
        .unary(NotifyServiceGrpcService.ListDeadLetters, notifications::listDeadLetters)
        .unary(NotifyServiceGrpcService.RetryDeadLetter, notifications::retryDeadLetter)
        .unary(NotifyServiceGrpcService.ForgetLead, notifications::forgetLead);
  }
}
