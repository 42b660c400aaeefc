package dev.leadrouter.sla.outbound;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.grpc.common.ServiceMethod;

/** Relays one outbox topic to one unary method, retrying UNIMPLEMENTED (see {@link PeerCalls}). */
public final class UnaryDelivery<Req, Resp> implements OutboxHandler {
  private final PeerCalls calls;
  private final ServiceMethod<Resp, Req> method;
  private final Parser<Req> parser;

  public UnaryDelivery(PeerCalls calls, ServiceMethod<Resp, Req> method, Parser<Req> parser) {
    this.calls = calls;
    this.method = method;
    this.parser = parser;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    Req request;
    try {
      request = parser.parseFrom(message.payload());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new PermanentFailure("unreadable outbox payload", e));
    }
    return calls.call(method, request).mapEmpty();
  }
}
