package dev.leadrouter.capture.http;

import dev.leadrouter.capture.CaptureConfig;
import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.store.ErasureRepository;
import dev.leadrouter.capture.store.SeenSignatureRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;

/** All of capture's HTTP routes: JSON leads and erasure, configured sources, CSV import. */
public final class CaptureHttpRoutes {
  private final LeadHttpApi leads;
  private final SourceHttpApi sources;
  private final CsvImportHttpApi imports;

  public CaptureHttpRoutes(
      LeadIntake intake,
      ApiKeys apiKeys,
      ErasureRepository erasures,
      SeenSignatureRepository seenSignatures,
      Map<String, SourceConfig> configured,
      CaptureConfig config,
      MeterRegistry meters,
      Clock clock) {
    SourceAuth auth = new SourceAuth(apiKeys, clock, seenSignatures);
    this.leads = new LeadHttpApi(intake, apiKeys, erasures, config.maxBodyBytes());
    this.sources = new SourceHttpApi(intake, configured, auth, config.maxBodyBytes(), meters);
    this.imports = new CsvImportHttpApi(intake, configured, auth, config.importConcurrency());
  }

  public void mount(DeclaredRoutes router) {
    imports.mount(router); // before /v1/leads/:leadId routes
    leads.mount(router);
    sources.mount(router);
  }
}
