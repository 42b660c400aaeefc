package dev.leadrouter.capture.dedupe;

import dev.leadrouter.v1.Lead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL advisory-lock ids a capture takes before it looks for an existing lead: one per
 * identity (email, phone, idempotency key). Two simultaneous submissions of the same new person
 * then run one after the other, and the second finds the first's lead instead of creating a second.
 *
 * <p>Ids are the first 8 bytes of SHA-256 of a namespaced key (stable across JVMs and replicas),
 * returned sorted so every transaction takes its locks in the same order and none deadlock.
 */
public final class PersonLocks {
  private PersonLocks() {}

  public static long[] of(Lead lead, String idempotencyKey) {
    List<String> keys = new ArrayList<>();
    if (!lead.getContact().getEmail().isEmpty()) {
      keys.add("leadrouter.capture.email:" + lead.getContact().getEmail());
    }
    if (!lead.getContact().getPhone().isEmpty()) {
      keys.add("leadrouter.capture.phone:" + lead.getContact().getPhone());
    }
    if (idempotencyKey != null) {
      keys.add("leadrouter.capture.key:" + idempotencyKey);
    }
    return keys.stream().mapToLong(PersonLocks::id).sorted().distinct().toArray();
  }

  static long id(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
