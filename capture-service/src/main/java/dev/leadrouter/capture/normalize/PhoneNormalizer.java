package dev.leadrouter.capture.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * Phone numbers to E.164 with libphonenumber, using the lead's country as the hint for numbers
 * written in national format ("030 123456" in DE is +4930123456).
 *
 * <p>Extensions are split off, never merged into the number: E.164 has no place for them, and a
 * number with the extension's digits appended is a different, valid-looking number. The caller
 * keeps the extension as the {@code phone_extension} attribute.
 *
 * <p>When libphonenumber cannot make a valid number of the input, the result keeps a leading '+'
 * and the digits (without extension or a "(0)" trunk prefix) and is marked unverified: the
 * validator then rejects what is not E.164, and a syntactically fine but unassigned number is
 * stored with a flag rather than refused.
 */
public final class PhoneNormalizer {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final Pattern EXTENSION =
      Pattern.compile("(?i)\\s*(?:;\\s*ext=|ext\\.?|extension|x|#)\\s*(\\d{1,10})\\s*$");
  private static final Pattern TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");

  /**
   * The normalized number, the extension (empty if none), and whether libphonenumber vouched for
   * it.
   */
  public record Result(String number, String extension, boolean verified) {}

  /**
   * Reads a phone number written any way a person would.
   *
   * @param countryHint ISO 3166-1 alpha-2 code of the lead's country, or empty
   */
  public Result normalize(String raw, String countryHint) {
    String s = raw == null ? "" : raw.strip();
    if (s.isEmpty()) {
      return new Result("", "", false);
    }
    String region = countryHint == null || countryHint.length() != 2 ? "ZZ" : countryHint;
    try {
      PhoneNumber parsed = UTIL.parse(s, region);
      if (UTIL.isValidNumber(parsed)) {
        return new Result(
            UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164),
            parsed.getExtension(),
            true);
      }
    } catch (NumberParseException e) {
      // fall through to the plain clean-up below
    }
    return fallback(s);
  }

  private static Result fallback(String s) {
    var ext = EXTENSION.matcher(s);
    String extension = "";
    if (ext.find()) {
      extension = ext.group(1);
      s = s.substring(0, ext.start());
    }
    if (s.startsWith("+")) {
      s = TRUNK_ZERO.matcher(s).replaceFirst("");
    }
    StringBuilder out = new StringBuilder();
    if (s.startsWith("+")) {
      out.append('+');
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    return new Result(out.toString(), extension, false);
  }

  /** The ISO country of a valid E.164 number, or empty. */
  public String countryOf(String e164) {
    try {
      String region = UTIL.getRegionCodeForNumber(UTIL.parse(e164, "ZZ"));
      return region == null || region.equals("ZZ") || region.equals("001") ? "" : region;
    } catch (NumberParseException e) {
      return "";
    }
  }
}
