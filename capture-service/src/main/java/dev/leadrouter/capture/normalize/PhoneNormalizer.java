package dev.leadrouter.capture.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * Phone numbers to E.164 with libphonenumber. National formats ("030 123456", "(0)20 7946 0958",
 * "090-1234-5678") are read with the lead's country as the default region, or the country guessed
 * from its other fields when it has none ({@link CountryGuess}).
 *
 * <p>Extensions are split off, never merged into the number: E.164 has no place for them, and a
 * number with the extension's digits appended is a different, valid-looking number. The caller
 * keeps the extension as the {@code phone_extension} attribute.
 *
 * <p>Three outcomes: {@link Status#VALID} (libphonenumber vouches for it), {@link
 * Status#UNVERIFIED} (an E.164-shaped number libphonenumber cannot validate, e.g. a range newer
 * than its metadata: stored and flagged, it may well ring), {@link Status#INVALID} (nothing a phone
 * could dial: letters, too few or too many digits, no way to tell the country).
 */
public final class PhoneNormalizer {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final Pattern EXTENSION =
      Pattern.compile("(?i)\\s*(?:;\\s*ext=|ext\\.?|extension|x|#)\\s*(\\d{1,10})\\s*$");
  private static final Pattern TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final Pattern DIALABLE = Pattern.compile("^[0-9+()./\\-\\s\\u00a0]+$");

  /** How far libphonenumber vouched for a number. */
  public enum Status {
    VALID,
    UNVERIFIED,
    INVALID,
    ABSENT
  }

  /**
   * @param number E.164 when VALID or UNVERIFIED, empty otherwise
   * @param extension the extension digits, empty if none
   */
  public record Result(String number, String extension, Status status) {
    public boolean verified() {
      return status == Status.VALID;
    }

    public boolean usable() {
      return status == Status.VALID || status == Status.UNVERIFIED;
    }
  }

  /**
   * @param countryHint ISO 3166-1 alpha-2 code of the lead's (possibly guessed) country, or empty
   */
  public Result normalize(String raw, String countryHint) {
    String s = raw == null ? "" : raw.strip();
    if (s.isEmpty()) {
      return new Result("", "", Status.ABSENT);
    }
    String region = countryHint == null || countryHint.length() != 2 ? "ZZ" : countryHint;
    if (region.equals("ZZ") && s.startsWith("00")) {
      s = "+" + s.substring(2); // the international call prefix most of the world dials
    }
    try {
      PhoneNumber parsed = UTIL.parse(s, region);
      if (UTIL.isValidNumber(parsed)) {
        return new Result(
            UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164),
            parsed.getExtension(),
            Status.VALID);
      }
      if (!region.equals("ZZ") && UTIL.isPossibleNumber(parsed) && dialable(s)) {
        String e164 = UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (E164.matcher(e164).matches()) {
          return new Result(e164, parsed.getExtension(), Status.UNVERIFIED);
        }
      }
    } catch (NumberParseException e) {
      // fall through to the plain clean-up below
    }
    return fallback(s);
  }

  /** Digits of an international number libphonenumber could not validate; else INVALID. */
  private static Result fallback(String s) {
    var ext = EXTENSION.matcher(s);
    String extension = "";
    if (ext.find()) {
      extension = ext.group(1);
      s = s.substring(0, ext.start());
    }
    if (!s.startsWith("+") || !dialable(s)) {
      return new Result("", "", Status.INVALID);
    }
    s = TRUNK_ZERO.matcher(s).replaceFirst("");
    StringBuilder out = new StringBuilder("+");
    for (char c : s.toCharArray()) {
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    String number = out.toString();
    return E164.matcher(number).matches()
        ? new Result(number, extension, Status.UNVERIFIED)
        : new Result("", "", Status.INVALID);
  }

  private static boolean dialable(String s) {
    var ext = EXTENSION.matcher(s);
    String body = ext.find() ? s.substring(0, ext.start()) : s;
    return DIALABLE.matcher(body).matches();
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
