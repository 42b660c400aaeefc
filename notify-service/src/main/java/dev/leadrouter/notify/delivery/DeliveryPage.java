package dev.leadrouter.notify.delivery;

import java.util.List;

/** One page of deliveries, newest first; {@code nextPageToken} is empty on the last page. */
public record DeliveryPage(List<DeliveryRow> deliveries, String nextPageToken) {}
