package dev.leadrouter.notify.delivery;

import dev.leadrouter.v1.DeliveryStatus;
import java.util.UUID;

/** What a sender needs of a delivery: its state and the request to render it from. */
public record SendableDelivery(UUID id, DeliveryStatus status, int recipientIndex, int attempts, byte[] request) {}
