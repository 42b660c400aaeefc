package dev.leadrouter.capture.normalize;

import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.util.Locale;
import java.util.Set;

/**
 * The country a lead most likely dials from when it names none, used only as the default region for
 * reading a national-format phone number (never stored as the lead's country): its time zone
 * ("Europe/Berlin"), its language tag's region ("de-CH"), else its email's country-code top-level
 * domain (".de"). TLDs sold worldwide as brands (.io, .co, .ai, .me, .tv...) say nothing about
 * where someone lives and are ignored.
 */
public final class CountryGuess {
  private static final Set<String> VANITY_TLDS =
      Set.of(
          "ac", "ad", "ai", "am", "as", "bz", "cc", "cd", "co", "fm", "gg", "io", "la", "ly", "me",
          "ms", "mu", "nu", "sh", "so", "st", "tk", "to", "tv", "vc", "ws", "gl", "im", "is", "sc");

  /**
   * @param timeZone IANA zone or empty
   * @param languageTag BCP 47 tag or empty
   * @param asciiEmailDomain the email's ASCII domain or empty
   * @return an ISO 3166-1 alpha-2 code, or empty
   */
  public String guess(String timeZone, String languageTag, String asciiEmailDomain) {
    if (!timeZone.isEmpty()) {
      try {
        String region = TimeZone.getRegion(timeZone);
        if (CountryNormalizer.isCode(region)) {
          return region;
        }
      } catch (IllegalArgumentException e) {
        // not a zone ICU knows; try the other fields
      }
    }
    if (!languageTag.isEmpty()) {
      String region = ULocale.forLanguageTag(languageTag.replace('_', '-')).getCountry();
      if (CountryNormalizer.isCode(region)) {
        return region;
      }
    }
    int dot = asciiEmailDomain.lastIndexOf('.');
    if (dot >= 0) {
      String tld = asciiEmailDomain.substring(dot + 1);
      String code = tld.equals("uk") ? "GB" : tld.toUpperCase(Locale.ROOT);
      if (tld.length() == 2 && !VANITY_TLDS.contains(tld) && CountryNormalizer.isCode(code)) {
        return code;
      }
    }
    return "";
  }
}
