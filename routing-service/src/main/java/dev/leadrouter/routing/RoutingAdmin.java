package dev.leadrouter.routing;

import dev.leadrouter.routing.matrix.MatrixParser;
import dev.leadrouter.routing.snapshot.SnapshotCache;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.routing.team.RepPatch;
import dev.leadrouter.routing.team.RepValidator;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RollbackMatrixRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Publishing matrices and maintaining reps: everything is validated before it is stored, and this
 * replica's snapshot is reloaded before answering (others follow through LISTEN/NOTIFY).
 */
public final class RoutingAdmin {
  private static final int MAX_MATRIX_BYTES = 1024 * 1024;
  private final MatrixParser parser = new MatrixParser();
  private final RepValidator repValidator = new RepValidator();
  private final Vertx vertx;
  private final MatrixRepository matrices;
  private final RepRepository reps;
  private final SnapshotCache snapshots;

  public RoutingAdmin(
      Vertx vertx, MatrixRepository matrices, RepRepository reps, SnapshotCache snapshots) {
    this.vertx = vertx;
    this.matrices = matrices;
    this.reps = reps;
    this.snapshots = snapshots;
  }

  /**
   * Validates the whole document against the current reps; stores it as the new active version
   * unless validate_only.
   */
  public Future<MatrixVersion> publish(PublishMatrixRequest request) {
    List<Violation> v = new ArrayList<>();
    if (request.getSource().length() > MAX_MATRIX_BYTES) {
      v.add(new Violation("source", "at most 1 MiB"));
    }
    if (request.getComment().length() > 1024) {
      v.add(new Violation("comment", "at most 1024 characters"));
    }
    if ((request.getPublishedBy().isBlank() && !request.getValidateOnly())
        || request.getPublishedBy().length() > 256) {
      // Every version says who published it: the audit trail of routing changes. Validating
      // stores no version, so nobody needs to be named.
      v.add(new Violation("published_by", "required, at most 256 characters"));
    }
    if (!v.isEmpty()) {
      return Future.failedFuture(new InvalidInputException(v));
    }
    MatrixFormat format =
        request.getFormat() == MatrixFormat.MATRIX_FORMAT_UNSPECIFIED
            ? MatrixFormat.MATRIX_FORMAT_YAML
            : request.getFormat();
    return validate(format, request.getSource())
        .compose(
            warnings ->
                request.getValidateOnly()
                    ? Future.succeededFuture(
                        MatrixVersion.newBuilder()
                            .setFormat(format)
                            .setSource(request.getSource())
                            .addAllWarnings(warnings)
                            .build())
                    : matrices
                        .publish(
                            format,
                            request.getSource(),
                            request.getComment(),
                            request.getPublishedBy(),
                            warnings)
                        .compose(published -> snapshots.reload().map(published)));
  }

  /** Re-activates an old version by publishing a copy of it, checked against today's reps. */
  public Future<MatrixVersion> rollback(RollbackMatrixRequest request) {
    if (request.getToVersion() <= 0
        || request.getRequestedBy().isBlank()
        || request.getRequestedBy().length() > 256) {
      List<Violation> v = new ArrayList<>();
      if (request.getToVersion() <= 0) {
        v.add(new Violation("to_version", "required: a published version number"));
      }
      if (request.getRequestedBy().isBlank() || request.getRequestedBy().length() > 256) {
        v.add(new Violation("requested_by", "required, at most 256 characters"));
      }
      return Future.failedFuture(new InvalidInputException(v));
    }
    return matrix(request.getToVersion())
        .compose(
            old ->
                validate(old.getFormat(), old.getSource())
                    .compose(
                        warnings ->
                            matrices.publish(
                                old.getFormat(),
                                old.getSource(),
                                "rollback to version " + old.getVersion(),
                                request.getRequestedBy(),
                                old.getVersion(),
                                warnings))
                    .compose(published -> snapshots.reload().map(published)));
  }

  /** Compiling CEL is CPU work that grows with the matrix: done off the event loop. */
  /** Parses and checks the document against today's reps; returns the non-fatal warnings. */
  private Future<List<String>> validate(MatrixFormat format, String source) {
    return reps.all()
        .compose(
            known -> {
              Set<String> ids = Set.copyOf(known.keySet());
              return vertx.executeBlocking(
                  () ->
                      dev.leadrouter.routing.matrix.MatrixWarnings.of(
                          parser.parse(source, format == MatrixFormat.MATRIX_FORMAT_JSON, ids),
                          known),
                  false);
            });
  }

  public Future<MatrixVersion> matrix(long version) {
    return matrices
        .find(version)
        .compose(
            m ->
                m != null
                    ? Future.succeededFuture(m)
                    : Future.failedFuture(
                        new NotFoundException(
                            version == 0
                                ? "no matrix published yet"
                                : "no matrix version " + version)));
  }

  public Future<Rep> upsertRep(Rep rep) {
    List<Violation> violations = repValidator.validate(rep);
    if (!violations.isEmpty()) {
      return Future.failedFuture(new InvalidInputException(violations));
    }
    Rep stored =
        rep.getStatus() == RepStatus.REP_STATUS_UNSPECIFIED
            ? rep.toBuilder().setStatus(RepStatus.REP_STATUS_AVAILABLE).build()
            : rep;
    return reps.upsert(stored).compose(r -> snapshots.reload().map(r));
  }

  /**
   * Changes the fields of a rep named in the mask (all set fields when it is empty), then checks
   * the whole result as UpsertRep would.
   */
  public Future<Rep> updateRep(Rep patch, com.google.protobuf.FieldMask mask) {
    com.google.protobuf.FieldMask effective = RepPatch.effectiveMask(patch, mask);
    return reps.update(
            patch.getRepId(),
            stored -> {
              Rep updated = RepPatch.apply(stored, patch, effective);
              List<Violation> violations = repValidator.validate(updated);
              if (!violations.isEmpty()) {
                throw new InvalidInputException(violations);
              }
              return updated;
            })
        .compose(
            r ->
                r != null
                    ? snapshots.reload().map(r)
                    : Future.failedFuture(new NotFoundException("no rep " + patch.getRepId())));
  }

  public Future<Rep> rep(String repId) {
    return reps.find(repId)
        .compose(
            r ->
                r != null
                    ? Future.succeededFuture(r)
                    : Future.failedFuture(new NotFoundException("no rep " + repId)));
  }

  public Future<Rep> setStatus(String repId, RepStatus status) {
    if (status == RepStatus.REP_STATUS_UNSPECIFIED || status == RepStatus.UNRECOGNIZED) {
      return Future.failedFuture(
          new InvalidInputException("status", "must be AVAILABLE, AWAY or OFFLINE"));
    }
    return reps.update(repId, r -> r.toBuilder().setStatus(status).build())
        .compose(
            r ->
                r != null
                    ? snapshots.reload().map(r)
                    : Future.failedFuture(new NotFoundException("no rep " + repId)));
  }
}
