package dev.leadrouter.capture.enrich;

import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * The enrichment step before a lead is stored and routed ("enrich before rules fire"): the
 * firmographics table first; for a domain it does not know, the HTTP provider if one is set. A
 * provider failure or timeout never stops the lead: it goes on flagged {@code enrichment_failed}.
 */
public final class LeadEnrichment {
  public static final String FAILED_FLAG = "enrichment_failed";

  private final FirmographicsTable table;
  private final EnrichmentProvider provider; // null when none is configured

  public LeadEnrichment(FirmographicsTable table, EnrichmentProvider provider) {
    this.table = table;
    this.provider = provider;
  }

  public Future<Lead> enrich(Lead lead) {
    String domain = lead.getCompany().getDomain();
    if (domain.isEmpty()) {
      return Future.succeededFuture(lead);
    }
    Optional<Firmographics> known = table.lookup(domain);
    if (known.isPresent()) {
      return Future.succeededFuture(FirmographicsFill.apply(lead, known.get()));
    }
    if (provider == null) {
      return Future.succeededFuture(lead);
    }
    Future<Optional<Firmographics>> call;
    try {
      call = provider.lookup(domain);
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    return call.map(found -> found.map(f -> FirmographicsFill.apply(lead, f)).orElse(lead))
        .otherwise(
            e ->
                lead.getFlagsList().contains(FAILED_FLAG)
                    ? lead
                    : lead.toBuilder().addFlags(FAILED_FLAG).build());
  }
}
