package dev.leadrouter.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
  @Test
  void flywayGetsTheSameSslModeAsThePool() {
    DatabaseConfig config =
        new DatabaseConfig(
            "postgresql://db.example:5432/leadrouter?sslmode=verify-full",
            "notify_app",
            "secret",
            "notify",
            8,
            "/etc/leadrouter/db-ca/ca.crt");

    assertThat(config.connectOptions().getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(config.connectOptions().getSslOptions().getHostnameVerificationAlgorithm())
        .isEqualTo("HTTPS");
    assertThat(config.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.example:5432/leadrouter?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fleadrouter%2Fdb-ca%2Fca.crt");
  }

  @Test
  void withoutSslModeBothDisableTls() {
    DatabaseConfig config =
        new DatabaseConfig("postgresql://localhost:5432/leadrouter", null, null, "sla", 8);

    assertThat(config.jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost:5432/leadrouter?sslmode=disable");
  }
}
