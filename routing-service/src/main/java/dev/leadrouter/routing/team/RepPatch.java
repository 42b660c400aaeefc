package dev.leadrouter.routing.team;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.FieldMaskUtil;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Rep;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A partial update of a rep (UpdateRep, {@code PATCH /v1/reps/{id}}): the fields named in the mask
 * take the patch's values, everything else stays as stored, so marking someone out of office does
 * not need (or risk overwriting) the whole record.
 */
public final class RepPatch {
  private static final Set<String> NOT_UPDATABLE = Set.of("rep_id", "updated_at");
  private static final FieldMaskUtil.MergeOptions REPLACE =
      new FieldMaskUtil.MergeOptions()
          .setReplaceMessageFields(true)
          .setReplaceRepeatedFields(true)
          .setReplacePrimitiveFields(true);

  private RepPatch() {}

  /**
   * The mask to apply: the given one, or when empty every field the patch sets (a field is then
   * cleared only by naming it).
   *
   * @throws InvalidInputException for paths that are not fields of Rep, or cannot be changed
   */
  public static FieldMask effectiveMask(Rep patch, FieldMask mask) {
    if (mask.getPathsCount() == 0) {
      FieldMask.Builder set = FieldMask.newBuilder();
      for (FieldDescriptor f : patch.getAllFields().keySet()) {
        if (!NOT_UPDATABLE.contains(f.getName())) {
          set.addPaths(f.getName());
        }
      }
      if (set.getPathsCount() == 0) {
        throw new InvalidInputException(
            "update_mask", "nothing to change: name fields in update_mask or set them in rep");
      }
      return set.build();
    }
    List<Violation> violations = new ArrayList<>();
    for (String path : mask.getPathsList()) {
      String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
      if (!FieldMaskUtil.isValid(Rep.class, path)) {
        violations.add(new Violation("update_mask", "'" + path + "' is not a field of Rep"));
      } else if (NOT_UPDATABLE.contains(top)) {
        violations.add(new Violation("update_mask", "'" + path + "' cannot be changed"));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return mask;
  }

  /** The stored rep with the masked fields replaced by the patch's. */
  public static Rep apply(Rep stored, Rep patch, FieldMask mask) {
    Rep.Builder updated = stored.toBuilder();
    FieldMaskUtil.merge(mask, patch, updated, REPLACE);
    return updated.build();
  }
}
