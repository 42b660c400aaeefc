package dev.leadrouter.routing.store;

import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Owns the SQL for published matrix versions; a version is never changed once written. */
public final class MatrixRepository {
  private static final String COLUMNS =
      "version, format, source, comment, published_by, published_at, active, rolled_back_from, warnings";
  private final Pool pool;

  public MatrixRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores a new version and makes it the active one, atomically. */
  public Future<MatrixVersion> publish(
      MatrixFormat format,
      String source,
      String comment,
      String publishedBy,
      List<String> warnings) {
    return publish(format, source, comment, publishedBy, 0, warnings);
  }

  /**
   * As {@link #publish(MatrixFormat, String, String, String)}, recording the version a rollback
   * copied.
   */
  public Future<MatrixVersion> publish(
      MatrixFormat format,
      String source,
      String comment,
      String publishedBy,
      long rolledBackFrom,
      List<String> warnings) {
    return pool.withTransaction(
        tx ->
            tx.query("UPDATE matrix_versions SET active = false WHERE active")
                .execute()
                .compose(
                    v ->
                        tx.preparedQuery(
                                "INSERT INTO matrix_versions (format, source, comment, published_by, active, "
                                    + "rolled_back_from, warnings) VALUES ($1, $2, $3, $4, true, $5, $6) RETURNING "
                                    + COLUMNS)
                            .execute(
                                Tuple.of(
                                    format.name(),
                                    source,
                                    comment,
                                    publishedBy,
                                    rolledBackFrom,
                                    warnings.toArray(String[]::new))))
                .map(rows -> toProto(rows.iterator().next())));
  }

  /** The version, or the active one for 0; null when there is none. */
  public Future<MatrixVersion> find(long version) {
    var query =
        version == 0
            ? pool.preparedQuery("SELECT " + COLUMNS + " FROM matrix_versions WHERE active")
                .execute()
            : pool.preparedQuery("SELECT " + COLUMNS + " FROM matrix_versions WHERE version = $1")
                .execute(Tuple.of(version));
    return query.map(rows -> rows.size() == 0 ? null : toProto(rows.iterator().next()));
  }

  /**
   * Newest first, at most {@code limit}, older than {@code beforeVersion} (0 = from the newest).
   */
  public Future<List<MatrixVersion>> list(long beforeVersion, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM matrix_versions WHERE ($1 = 0 OR version < $1) "
                + "ORDER BY version DESC LIMIT $2")
        .execute(Tuple.of(beforeVersion, limit))
        .map(
            rows -> {
              List<MatrixVersion> out = new ArrayList<>();
              rows.forEach(r -> out.add(toProto(r)));
              return out;
            });
  }

  private static MatrixVersion toProto(Row r) {
    return MatrixVersion.newBuilder()
        .setVersion(r.getLong("version"))
        .setFormat(MatrixFormat.valueOf(r.getString("format")))
        .setSource(r.getString("source"))
        .setComment(r.getString("comment"))
        .setPublishedBy(r.getString("published_by"))
        .setPublishedAt(Protos.timestamp(r.getOffsetDateTime("published_at")))
        .setActive(r.getBoolean("active"))
        .setRolledBackFrom(r.getLong("rolled_back_from"))
        .addAllWarnings(java.util.Arrays.asList(r.getArrayOfStrings("warnings")))
        .build();
  }
}
