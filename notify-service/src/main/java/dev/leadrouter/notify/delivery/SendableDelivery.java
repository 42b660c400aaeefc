package dev.leadrouter.notify.delivery;

import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * What a sender needs of a delivery: its state and the request to render it from.
 *
 * @param notBefore no attempt before this (provider's Retry-After); null = any time
 * @param outcomeUnknown the last attempt may have been accepted although it seemed to fail
 * @param firstAttemptAt when the first attempt started; null before it
 */
// The request bytes are only passed through to the sender; deliveries are never compared by value.
@SuppressWarnings("ArrayRecordComponent")
public record SendableDelivery(
    UUID id,
    Channel channel,
    String address,
    DeliveryStatus status,
    int recipientIndex,
    int attempts,
    byte[] request,
    Instant notBefore,
    boolean outcomeUnknown,
    Instant firstAttemptAt) {}
