package dev.leadrouter.notify.email;

import java.util.regex.Pattern;

/** Syntax checks and log-safe redaction of email addresses. */
public final class EmailAddresses {
  // A practical subset of RFC 5321/5322: dot-atom local part and a dotted host name. Quoted local
  // parts
  // and address literals are valid but unheard of for work mailboxes, and refusing them (and every
  // whitespace, angle bracket or CR/LF) means an address can never smuggle extra SMTP headers.
  private static final Pattern ADDRESS =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern ANYWHERE =
      Pattern.compile("[^\\s<>()\\[\\]\",;:]+@[^\\s<>()\\[\\]\",;:]+");

  private EmailAddresses() {}

  public static boolean isValid(String address) {
    if (address == null || address.length() > 254) {
      return false;
    }
    int at = address.lastIndexOf('@');
    return at > 0 && at <= 64 && ADDRESS.matcher(address).matches();
  }

  /**
   * The text with anything that looks like an email address replaced, for errors that end up in
   * logs.
   */
  public static String redact(String text) {
    return text == null ? null : ANYWHERE.matcher(text).replaceAll("<address>");
  }
}
