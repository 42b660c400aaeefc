package dev.leadrouter.runtime.errors;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} encoding of the gRPC HTTP/2 spec: UTF-8, with only bytes outside
 * printable ASCII (0x20-0x7E) and {@code %} itself percent-encoded.
 *
 * <p>Vert.x 5.0.7 form-encodes the message instead ({@code :} becomes {@code %3A}, {@code ,}
 * becomes {@code %2C}). grpc-java decodes any escape, but grpc-js decodes with {@code decodeURI},
 * which leaves reserved characters escaped, so Node clients saw {@code display_name%3A
 * required%2C}. Encoding only what the spec asks for reads the same in both.
 */
public final class StatusMessage {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private StatusMessage() {}

  public static String encode(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 0x20 && c <= 0x7E && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes what {@link #encode} (or any percent-encoder) wrote; a malformed escape stays as is.
   */
  public static String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    int i = 0;
    while (i < encoded.length()) {
      if (encoded.charAt(i) == '%' && isHex(encoded, i + 1) && isHex(encoded, i + 2)) {
        bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int cp = encoded.codePointAt(i);
        byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
