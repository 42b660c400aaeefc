package dev.leadrouter.capture.normalize;

import com.ibm.icu.text.IDNA;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses as people really have them, internationalized ones included (RFC 6531: UTF-8
 * local parts, IDN domains such as {@code josé@bücher.de} or {@code 用户@例子.中国}).
 *
 * <p>The stored form is Unicode NFC, lower case, with the domain in its Unicode form as UTS #46
 * maps it; the domain's ASCII (punycode) form is returned beside it for matching against accounts,
 * free-mail and disposable-domain lists, which are kept in ASCII. What is not an address (no '@',
 * spaces, a domain without a dot, an IP literal, labels IDNA refuses) yields nothing: the caller
 * flags it rather than storing it as a contact.
 */
public final class EmailAddress {
  static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_OCTETS = 64;
  // RFC 5322 atext, widened by RFC 6531 to every non-ASCII character that is not a space, control
  // or unassigned code point (checked separately).
  private static final Pattern ATOM =
      Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~\\-\\x{80}-\\x{10FFFF}]+");
  private static final Pattern QUOTED =
      Pattern.compile(
          "\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e\\x{80}-\\x{10FFFF}]|\\\\[\\x20-\\x7e])*\"");
  private static final Pattern NAMED = Pattern.compile("^[^<>@]*<([^<>]+)>$");
  private static final Pattern ASCII_HOST =
      Pattern.compile(
          "^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$");
  private static final IDNA IDNA_UTS46 =
      IDNA.getUTS46Instance(
          IDNA.NONTRANSITIONAL_TO_ASCII
              | IDNA.NONTRANSITIONAL_TO_UNICODE
              | IDNA.USE_STD3_RULES
              | IDNA.CHECK_BIDI
              | IDNA.CHECK_CONTEXTJ);

  /**
   * @param address the stored form: NFC, lower case, Unicode domain
   * @param asciiDomain the domain in ASCII (punycode for IDNs), lower case
   */
  public record Parsed(String address, String asciiDomain) {}

  /** The canonical address, or empty when the text is not an email address. */
  public Optional<Parsed> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String s = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    Matcher named = NAMED.matcher(s);
    if (named.matches()) {
      s = named.group(1).strip(); // "Ada Lovelace <ada@example.com>", pasted from a mail client
    }
    if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
      s = s.substring(7);
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1) {
      return Optional.empty();
    }
    String local =
        Normalizer.normalize(s.substring(0, at).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    Optional<String[]> domain = domain(s.substring(at + 1));
    if (domain.isEmpty() || !localPart(local)) {
      return Optional.empty();
    }
    String address = local + "@" + domain.get()[0];
    if (address.length() > MAX_LENGTH
        || local.length() + 1 + domain.get()[1].length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(address, domain.get()[1]));
  }

  private static boolean localPart(String local) {
    if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_OCTETS
        || !local.codePoints().allMatch(EmailAddress::allowed)) {
      return false;
    }
    if (QUOTED.matcher(local).matches()) {
      return true;
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    for (String atom : local.split("\\.")) {
      if (!ATOM.matcher(atom).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Spaces inside quotes are allowed; controls, unassigned and private-use code points are not. */
  private static boolean allowed(int cp) {
    int type = Character.getType(cp);
    return cp == ' '
        || (!Character.isISOControl(cp)
            && type != Character.UNASSIGNED
            && type != Character.PRIVATE_USE
            && type != Character.SURROGATE
            && type != Character.FORMAT
            && !Character.isWhitespace(cp)
            && !Character.isSpaceChar(cp));
  }

  /** [unicode form, ascii form], or empty when IDNA refuses the domain or it is no host name. */
  private static Optional<String[]> domain(String raw) {
    String d = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
    if (d.isEmpty() || d.startsWith("[")) {
      return Optional.empty(); // IP literals do not identify a person's mailbox provider
    }
    IDNA.Info asciiInfo = new IDNA.Info();
    String ascii = IDNA_UTS46.nameToASCII(d, new StringBuilder(), asciiInfo).toString();
    if (asciiInfo.hasErrors() || !ASCII_HOST.matcher(ascii).matches()) {
      return Optional.empty();
    }
    IDNA.Info unicodeInfo = new IDNA.Info();
    String unicode = IDNA_UTS46.nameToUnicode(ascii, new StringBuilder(), unicodeInfo).toString();
    if (unicodeInfo.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(new String[] {Normalizer.normalize(unicode, Normalizer.Form.NFC), ascii});
  }
}
