package dev.leadrouter.runtime.outbox;

/** One leased outbox row, handed to the handler registered for its topic. */
// The payload is handed to one handler as is; messages are never compared by value.
@SuppressWarnings("ArrayRecordComponent")
public record OutboxMessage(long id, String topic, String key, byte[] payload, int attempts) {}
