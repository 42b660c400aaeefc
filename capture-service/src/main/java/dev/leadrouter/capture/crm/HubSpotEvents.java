package dev.leadrouter.capture.crm;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a HubSpot webhook call: a JSON array of up to 100 events, each {@code {eventId,
 * subscriptionType, objectId, portalId, occurredAt, ...}}. Only {@code contact.creation} events
 * bring leads in; other subscription types are acknowledged and ignored (our own owner write-back
 * is a property change, never a creation, so it cannot come back in as a lead).
 */
public final class HubSpotEvents {
  static final int MAX_EVENTS = 100;

  private HubSpotEvents() {}

  /** Ids of the contacts created, each once, in event order. */
  public static List<String> createdContacts(String body) {
    JsonArray events;
    try {
      events = new JsonArray(body);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidInputException("body", "must be a JSON array of HubSpot events");
    }
    if (events.size() > MAX_EVENTS) {
      throw new InvalidInputException("body", "at most " + MAX_EVENTS + " events per call");
    }
    Set<String> ids = new LinkedHashSet<>();
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Object o = events.getValue(i);
      if (!(o instanceof JsonObject e)) {
        violations.add(new Violation("[" + i + "]", "must be an event object"));
        continue;
      }
      if (!"contact.creation".equals(e.getValue("subscriptionType"))) {
        continue;
      }
      Object id = e.getValue("objectId");
      String text = id == null ? "" : id.toString();
      if (!text.matches("\\d{1,20}")) {
        violations.add(new Violation("[" + i + "].objectId", "must be a HubSpot contact id"));
        continue;
      }
      ids.add(text);
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return List.copyOf(ids);
  }
}
