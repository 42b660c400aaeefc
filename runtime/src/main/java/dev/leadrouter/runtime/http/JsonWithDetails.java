package dev.leadrouter.runtime.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.CodecException;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.WireFormat;

/**
 * A method's response encoder whose JSON can print the {@code google.rpc} details (an {@code Any})
 * that the batch methods' item statuses carry. The generated encoder prints with protobuf's default
 * printer, which knows no type for an {@code Any} and fails the whole answer.
 */
public final class JsonWithDetails {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer()
          .usingTypeRegistry(TypeRegistry.newBuilder().add(BadRequest.getDescriptor()).build());

  private JsonWithDetails() {}

  public static <T> GrpcMessageEncoder<T> encoder(GrpcMessageEncoder<T> generated) {
    return new GrpcMessageEncoder<>() {
      @Override
      public GrpcMessage encode(T message, WireFormat format) throws CodecException {
        if (format == WireFormat.JSON && message instanceof MessageOrBuilder m) {
          try {
            return GrpcMessage.message(
                "identity", WireFormat.JSON, Buffer.buffer(PRINTER.print(m)));
          } catch (InvalidProtocolBufferException e) {
            throw new CodecException(e);
          }
        }
        return generated.encode(message, format);
      }

      @Override
      public boolean accepts(WireFormat format) {
        return generated.accepts(format);
      }
    };
  }
}
