package dev.leadrouter.runtime.outbox;

/** One leased outbox row, handed to the handler registered for its topic. */
public record OutboxMessage(long id, String topic, String key, byte[] payload, int attempts) {}
