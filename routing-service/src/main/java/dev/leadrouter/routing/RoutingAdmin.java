package dev.leadrouter.routing;

import dev.leadrouter.routing.matrix.MatrixParser;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.routing.team.RepValidator;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import io.vertx.core.Future;
import java.util.List;

/** Publishing matrices and maintaining reps: everything is validated before it is stored. */
public final class RoutingAdmin {
  private static final int MAX_MATRIX_BYTES = 1024 * 1024;
  private final MatrixParser parser = new MatrixParser();
  private final RepValidator repValidator = new RepValidator();
  private final MatrixRepository matrices;
  private final RepRepository reps;

  public RoutingAdmin(MatrixRepository matrices, RepRepository reps) {
    this.matrices = matrices;
    this.reps = reps;
  }

  /** Validates the whole document against the current reps; stores it as the new active version unless validate_only. */
  public Future<MatrixVersion> publish(PublishMatrixRequest request) {
    if (request.getSource().length() > MAX_MATRIX_BYTES) {
      return Future.failedFuture(new InvalidInputException("source", "at most 1 MiB"));
    }
    MatrixFormat format = request.getFormat() == MatrixFormat.MATRIX_FORMAT_UNSPECIFIED
        ? MatrixFormat.MATRIX_FORMAT_YAML : request.getFormat();
    return reps.all().compose(known -> {
      parser.parse(request.getSource(), format == MatrixFormat.MATRIX_FORMAT_JSON, known.keySet());
      if (request.getValidateOnly()) {
        return Future.succeededFuture(MatrixVersion.newBuilder().setFormat(format).setSource(request.getSource()).build());
      }
      return matrices.publish(format, request.getSource(), request.getComment(), request.getPublishedBy());
    });
  }

  public Future<MatrixVersion> matrix(long version) {
    return matrices.find(version).compose(m -> m != null ? Future.succeededFuture(m)
        : Future.failedFuture(new NotFoundException(version == 0 ? "no matrix published yet" : "no matrix version " + version)));
  }

  public Future<Rep> upsertRep(Rep rep) {
    List<Violation> violations = repValidator.validate(rep);
    if (!violations.isEmpty()) {
      return Future.failedFuture(new InvalidInputException(violations));
    }
    Rep stored = rep.getStatus() == RepStatus.REP_STATUS_UNSPECIFIED ? rep.toBuilder().setStatus(RepStatus.REP_STATUS_AVAILABLE).build() : rep;
    return reps.upsert(stored);
  }

  public Future<Rep> rep(String repId) {
    return reps.find(repId).compose(r -> r != null ? Future.succeededFuture(r)
        : Future.failedFuture(new NotFoundException("no rep " + repId)));
  }

  public Future<Rep> setStatus(String repId, RepStatus status) {
    if (status == RepStatus.REP_STATUS_UNSPECIFIED || status == RepStatus.UNRECOGNIZED) {
      return Future.failedFuture(new InvalidInputException("status", "must be AVAILABLE, AWAY or OFFLINE"));
    }
    return rep(repId).compose(r -> reps.upsert(r.toBuilder().setStatus(status).build()));
  }
}
