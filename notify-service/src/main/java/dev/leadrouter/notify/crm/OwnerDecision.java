package dev.leadrouter.notify.crm;

/**
 * Whether to write an owner to a CRM record, decided from what leadrouter last wrote there and what
 * the CRM says now. Pure.
 */
public final class OwnerDecision {
  /** What to do with one write-back. */
  public enum Verdict {
    /** The record holds an owner we may replace: write the new one. */
    WRITE,
    /**
     * The record already has the target owner (a repeat after a crash): record it, write nothing.
     */
    ALREADY_OWNER,
    /** A person set another owner after our assignment: keep it, stop automatic reassignment. */
    OVERRIDDEN,
    /** A later assignment's owner was already written: this older one must not undo it. */
    SUPERSEDED
  }

  /**
   * The last write leadrouter made to the record.
   *
   * @param sequence the assignment sequence it was for
   */
  public record LastWrite(int sequence, String ownerId) {}

  private OwnerDecision() {}

  /** Before reading the CRM: only the stored state can already settle it. */
  public static Verdict beforeRead(WriteBackTarget target, LastWrite last) {
    if (last != null && last.sequence() > target.sequence()) {
      return Verdict.SUPERSEDED;
    }
    return null;
  }

  /**
   * @param last what leadrouter last wrote to the record; null if nothing yet
   * @param currentOwner the record's owner now ("" if none)
   */
  public static Verdict decide(WriteBackTarget target, LastWrite last, String currentOwner) {
    Verdict early = beforeRead(target, last);
    if (early != null) {
      return early;
    }
    if (same(currentOwner, target.targetOwnerId())) {
      return Verdict.ALREADY_OWNER;
    }
    // The owner we may replace: the one we wrote last, or before any write of ours the one the
    // record had when it came in (its creator, a queue, an integration user).
    String replaceable = last != null ? last.ownerId() : target.ownerAtCapture();
    return same(currentOwner, replaceable) ? Verdict.WRITE : Verdict.OVERRIDDEN;
  }

  /** Salesforce ids compare on their case-sensitive 15-character form. */
  private static boolean same(String a, String b) {
    String x = a == null ? "" : a;
    String y = b == null ? "" : b;
    if (x.length() == 18 && y.length() == 15 || x.length() == 15 && y.length() == 18) {
      return x.substring(0, 15).equals(y.substring(0, 15));
    }
    return x.equals(y);
  }
}
