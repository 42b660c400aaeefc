package dev.leadrouter.runtime.db;

/**
 * What bringing a schema up to date did, as logged at start.
 *
 * @param applied migrations run now (0 on every ordinary restart)
 * @param version the schema's version afterwards; null only for a schema with no migrations
 */
public record MigrationOutcome(String schema, int applied, String version) {

  /**
   * From Flyway's result: its target version is null when nothing was applied, so the version the
   * schema already had is the one it is at.
   */
  static MigrationOutcome of(String schema, int applied, String initial, String target) {
    return new MigrationOutcome(schema, applied, target != null ? target : initial);
  }

  public String describe() {
    String at = version == null ? "no migrations" : "version " + version;
    return applied == 0
        ? "schema " + schema + " is up to date at " + at
        : "schema " + schema + " migrated: " + applied + " migration(s) applied, now at " + at;
  }
}
