package dev.leadrouter.routing.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.Timestamp;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between stored columns and protobuf values. */
final class Protos {
  private Protos() {}

  static <T extends Message> T decode(Row row, String column, Parser<T> parser) {
    try {
      return parser.parseFrom(row.getBuffer(column).getBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored " + column + " is unreadable", e);
    }
  }

  static Timestamp timestamp(OffsetDateTime t) {
    Instant i = t.toInstant();
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static OffsetDateTime offsetDateTime(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(ZoneOffset.UTC);
  }
}
