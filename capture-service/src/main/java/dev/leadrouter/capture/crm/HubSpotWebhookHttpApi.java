package dev.leadrouter.capture.crm;

import dev.leadrouter.capture.http.Problem;
import dev.leadrouter.capture.http.RequestBody;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/crm/hubspot/webhook}: HubSpot's webhook calls for {@code contact.creation}.
 * Authenticated by the {@code X-HubSpot-Signature-v3} signature (no API key: HubSpot cannot send
 * one). Answers 204 only after the announced contacts are stored, so an acknowledged contact is
 * never lost; HubSpot retries anything else. Role: the HubSpot app (signature), no user role.
 */
public final class HubSpotWebhookHttpApi {
  public static final String PATH = "/v1/crm/hubspot/webhook";

  private final HubSpotSignature signature;
  private final String registeredUrl;
  private final InboundRepository inbound;
  private final Runnable stored;
  private final int maxBodyBytes;

  /**
   * @param registeredUrl the URL as registered in HubSpot; null = the URL the request came to
   * @param stored called after contacts were stored, to take them in at once
   */
  public HubSpotWebhookHttpApi(
      HubSpotSignature signature,
      String registeredUrl,
      InboundRepository inbound,
      Runnable stored,
      int maxBodyBytes) {
    this.signature = signature;
    this.registeredUrl = registeredUrl;
    this.inbound = inbound;
    this.stored = stored;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Authenticated by HubSpot's own X-HubSpot-Signature-v3, checked in the handler. */
  public void mount(DeclaredRoutes routes) {
    routes.route(HttpMethod.POST, PATH, Access.signed()).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    RequestBody.read(ctx.request(), maxBodyBytes)
        .compose(body -> announced(ctx, body))
        .onSuccess(
            n -> {
              if (n > 0) {
                stored.run();
              }
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(e -> Problem.fromFailure(ctx, e));
  }

  /** Verifies the call and stores the contacts it announces; answers how many. */
  private Future<Integer> announced(RoutingContext ctx, Buffer body) {
    String uri = registeredUrl != null ? registeredUrl : ctx.request().absoluteURI();
    signature.verify(
        "POST",
        uri,
        body.getBytes(),
        ctx.request().getHeader("X-HubSpot-Request-Timestamp"),
        ctx.request().getHeader("X-HubSpot-Signature-v3"));
    List<InboundRecord> records =
        HubSpotEvents.createdContacts(body.toString()).stream()
            .map(id -> new InboundRecord("HUBSPOT", id, "contacts", null, 0))
            .toList();
    return inbound.enqueue(records).map(records.size());
  }
}
