package dev.leadrouter.runtime.testing;

import dev.leadrouter.runtime.config.Settings;
import java.util.HashMap;
import java.util.Map;

/** Settings for a service under test: a fresh database, free ports, a test API key per role. */
public final class TestSettings {
  /** An ingest key (lead doors only), caller {@code test-client}. */
  public static final String CLIENT_KEY = "test-client-key-0123456789";

  /** A read key, caller {@code test-reader}. */
  public static final String READ_KEY = "test-read-key-0123456789";

  /** An admin key, caller {@code test-admin}. */
  public static final String ADMIN_KEY = "test-admin-key-0123456789";

  /** The key the services present to each other. */
  public static final String INTERNAL_KEY = "test-internal-key-0123456789";

  private TestSettings() {}

  public static Settings forDatabase(String dbUrl, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("LEADROUTER_DB_URL", dbUrl);
    values.put("LEADROUTER_BIND_HOST", "127.0.0.1");
    values.put("LEADROUTER_INGEST_API_KEYS", "test-client:" + CLIENT_KEY);
    values.put("LEADROUTER_READ_API_KEYS", "test-reader:" + READ_KEY);
    values.put("LEADROUTER_ADMIN_API_KEYS", "test-admin:" + ADMIN_KEY);
    values.put("LEADROUTER_INTERNAL_API_KEY", INTERNAL_KEY);
    values.put("LEADROUTER_SHUTDOWN_GRACE", "2s");
    values.put("LEADROUTER_OUTBOX_POLL_INTERVAL", "200ms");
    for (String prefix : new String[] {"CAPTURE", "ROUTING", "NOTIFY", "SLA"}) {
      values.put(prefix + "_GRPC_PORT", "0");
      values.put(prefix + "_HTTP_PORT", "0");
      values.put(prefix + "_MANAGEMENT_PORT", "0");
    }
    values.putAll(extra);
    return new Settings(values);
  }

  public static Settings fresh(Map<String, String> extra) {
    return forDatabase(TestDatabase.newDatabase(), extra);
  }
}
