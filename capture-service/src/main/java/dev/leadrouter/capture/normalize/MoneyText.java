package dev.leadrouter.capture.normalize;

import com.ibm.icu.util.Currency;
import com.ibm.icu.util.ULocale;
import dev.leadrouter.v1.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deal value as people write it, to a typed amount and ISO 4217 currency: "$50,000", "75k",
 * "1.5M", "EUR 12.000,50", "12 000 €", "CHF 1'250.50", "₹5,00,000", "R$ 10.000,00", "2 Mio. €".
 *
 * <p>Separators: when both ',' and '.' appear the last one is the decimal mark; a single mark
 * followed by exactly three digits ("1.500", "1,500") groups thousands, otherwise it is decimal
 * ("12,50", "1.5"); spaces and apostrophes always group. A range ("50k-100k") keeps its lower
 * bound, as company-size ranges do: it is the figure the prospect committed to.
 *
 * <p>Currency: an ISO code or a symbol in the text wins; a bare "$" or "kr" is read as the lead's
 * country's dollar or krona when it has one; with no currency in the text, the lead's country's
 * currency is used, else USD, and the result says it was assumed so the caller can flag it.
 */
public final class MoneyText {
  private static final BigDecimal LIMIT = BigDecimal.TEN.pow(15);
  private static final Map<String, String> SYMBOLS = symbols();
  private static final Map<String, Boolean> CURRENCIES = new ConcurrentHashMap<>();
  private static final Map<String, Optional<String>> LOCAL = new ConcurrentHashMap<>();
  private static final Set<String> DOLLAR_COUNTRIES_CODES =
      Set.of("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP", "COP");
  private static final Set<String> KRONA = Set.of("SEK", "NOK", "DKK", "ISK");
  private static final Pattern CODE = Pattern.compile("(?<![a-z])([a-z]{3})(?![a-z])");
  private static final Pattern NUMBER =
      Pattern.compile(
          "(\\d[\\d.,' ]*)\\s*(k|m|mm|mn|mio|million|millions|millionen|bn|b|billion"
              + "|billions|mrd|thousand|tsd|lakh|lakhs|crore|crores|万|萬|億|亿)?\\.?(?![a-z])");
  private static final Pattern PREFIX =
      Pattern.compile("^(?:~|ca\\.?|approx\\.?|about|around|<|>|≈|up to|over)\\s*");
  private static final Pattern PLAIN = Pattern.compile("\\d{1,18}(?:\\.\\d{1,9})?");
  private static final Pattern RANGE =
      Pattern.compile("\\d\\s*[kmb]?\\s*(?:-|–|—|to|bis)\\s*[^\\d\\s]{0,3}\\s*\\d");

  /**
   * @param amount the value, never negative
   * @param currencyAssumed true when the text named no currency (or only an ambiguous one)
   */
  public record Parsed(Money amount, boolean currencyAssumed) {}

  /**
   * @param countryCode the lead's alpha-2 country, or empty
   * @return the amount, or empty when the text holds no readable non-negative amount
   */
  public Optional<Parsed> parse(String raw, String countryCode) {
    if (raw == null || raw.isBlank() || raw.length() > 64) {
      return Optional.empty();
    }
    String s =
        Normalizer.normalize(raw, Normalizer.Form.NFKC)
            .toLowerCase(Locale.ROOT)
            .replace('\u00a0', ' ')
            .replace('\u202f', ' ')
            .replace('’', '\'')
            .strip();
    if (s.startsWith("-") || s.startsWith("−")) {
      return Optional.empty();
    }
    String currency = null;
    boolean assumed = false;
    for (var symbol : SYMBOLS.entrySet()) {
      int at = s.indexOf(symbol.getKey());
      if (at >= 0 && boundary(s, at, symbol.getKey())) {
        currency = symbol.getValue();
        s = s.substring(0, at) + " " + s.substring(at + symbol.getKey().length());
        break;
      }
    }
    if (currency == null) {
      Matcher code = CODE.matcher(s);
      while (code.find()) {
        String c = code.group(1).toUpperCase(Locale.ROOT);
        if (isCurrency(c)) {
          currency = c;
          s = s.substring(0, code.start()) + " " + s.substring(code.end());
          break;
        }
      }
    }
    String local = localCurrency(countryCode);
    if ("$".equals(currency)) {
      currency = local != null && DOLLAR_COUNTRIES_CODES.contains(local) ? local : "USD";
      assumed = local == null;
    } else if ("kr".equals(currency)) {
      currency = local != null && KRONA.contains(local) ? local : "SEK";
      assumed = local == null || !KRONA.contains(local);
    } else if ("¥".equals(currency)) {
      currency = "CN".equals(countryCode) ? "CNY" : "JPY";
    } else if (currency == null) {
      currency = local != null ? local : "USD";
      assumed = true;
    }
    String code = currency;
    boolean guessed = assumed;
    return amount(s.strip()).map(a -> new Parsed(money(a, code), guessed));
  }

  private static Optional<BigDecimal> amount(String s) {
    String text = PREFIX.matcher(s).replaceFirst("");
    Matcher m = NUMBER.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    String before = text.substring(0, m.start()).strip();
    String after = text.substring(m.end()).strip();
    boolean range = RANGE.matcher(text).find();
    if (!before.isEmpty() || !(after.isEmpty() || after.equals("+") || range)) {
      return Optional.empty(); // words around the number we do not understand
    }
    return number(m.group(1).strip())
        .map(n -> n.multiply(multiplier(m.group(2))))
        .filter(n -> n.compareTo(LIMIT) < 0); // beyond any deal: a typo, not an amount
  }

  private static Optional<BigDecimal> number(String digits) {
    String d = digits.replace(" ", "").replace("'", "");
    int comma = d.lastIndexOf(','), dot = d.lastIndexOf('.');
    String plain;
    if (comma >= 0 && dot >= 0) {
      char decimal = comma > dot ? ',' : '.';
      char group = decimal == ',' ? '.' : ',';
      plain = d.replace(String.valueOf(group), "").replace(decimal, '.');
    } else if (comma >= 0 || dot >= 0) {
      char mark = comma >= 0 ? ',' : '.';
      int count = (int) d.chars().filter(c -> c == mark).count();
      boolean grouping = count > 1 || d.length() - d.lastIndexOf(mark) - 1 == 3;
      plain = grouping ? d.replace(String.valueOf(mark), "") : d.replace(mark, '.');
    } else {
      plain = d;
    }
    if (!PLAIN.matcher(plain).matches()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(plain));
  }

  private static BigDecimal multiplier(String suffix) {
    if (suffix == null) {
      return BigDecimal.ONE;
    }
    return switch (suffix) {
      case "k", "thousand", "tsd" -> BigDecimal.valueOf(1_000);
      case "lakh", "lakhs" -> BigDecimal.valueOf(100_000);
      case "万", "萬" -> BigDecimal.valueOf(10_000);
      case "億", "亿" -> BigDecimal.valueOf(100_000_000);
      case "crore", "crores" -> BigDecimal.valueOf(10_000_000);
      case "b", "bn", "billion", "billions", "mrd" -> BigDecimal.valueOf(1_000_000_000);
      default -> BigDecimal.valueOf(1_000_000); // m, mm, mn, mio, million...
    };
  }

  private static Money money(BigDecimal amount, String currency) {
    BigDecimal scaled = amount.setScale(9, RoundingMode.HALF_UP);
    BigDecimal units = scaled.setScale(0, RoundingMode.DOWN);
    int nanos = scaled.subtract(units).movePointRight(9).intValue();
    return Money.newBuilder()
        .setCurrencyCode(currency)
        .setUnits(units.longValueExact())
        .setNanos(Math.max(0, nanos))
        .build();
  }

  /** Latin-letter symbols ("kr", "rs") must be words of their own, not part of "dollars". */
  private static boolean boundary(String s, int at, String symbol) {
    if (Character.UnicodeScript.of(symbol.charAt(0)) != Character.UnicodeScript.LATIN) {
      return true;
    }
    boolean startOk = at == 0 || !Character.isLetter(s.charAt(at - 1));
    int end = at + symbol.length();
    boolean endOk = end >= s.length() || !Character.isLetter(s.charAt(end));
    return startOk && endOk;
  }

  /** True for an ISO 4217 code (ICU's list, cached: the lookups are not cheap). */
  public static boolean isCurrency(String code) {
    return code != null && CURRENCIES.computeIfAbsent(code, MoneyText::lookUpCurrency);
  }

  private static boolean lookUpCurrency(String code) {
    try {
      return code.length() == 3
          && Currency.getInstance(code) != null
          && Currency.isAvailable(code, null, null);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String localCurrency(String countryCode) {
    if (countryCode == null || countryCode.length() != 2) {
      return null;
    }
    return LOCAL.computeIfAbsent(countryCode, MoneyText::lookUpLocal).orElse(null);
  }

  private static Optional<String> lookUpLocal(String countryCode) {
    Currency c = Currency.getInstance(new ULocale("und_" + countryCode));
    return c == null || c.getCurrencyCode().equals("XXX")
        ? Optional.empty()
        : Optional.of(c.getCurrencyCode());
  }

  /** Longest first, so "us$" is read before "$". */
  private static Map<String, String> symbols() {
    Map<String, String> m = new LinkedHashMap<>();
    String[][] table = {
      {"us$", "USD"},
      {"ca$", "CAD"},
      {"c$", "CAD"},
      {"au$", "AUD"},
      {"a$", "AUD"},
      {"nz$", "NZD"},
      {"hk$", "HKD"},
      {"s$", "SGD"},
      {"r$", "BRL"},
      {"mx$", "MXN"},
      {"nt$", "TWD"},
      {"€", "EUR"},
      {"£", "GBP"},
      {"₹", "INR"},
      {"₽", "RUB"},
      {"₩", "KRW"},
      {"₺", "TRY"},
      {"₪", "ILS"},
      {"₫", "VND"},
      {"฿", "THB"},
      {"₱", "PHP"},
      {"₴", "UAH"},
      {"₦", "NGN"},
      {"zł", "PLN"},
      {"kč", "CZK"},
      {"ft", "HUF"},
      {"lei", "RON"},
      {"rs.", "INR"},
      {"rs", "INR"},
      {"euros", "EUR"},
      {"euro", "EUR"},
      {"dollars", "$"},
      {"dollar", "$"},
      {"pounds", "GBP"},
      {"yen", "JPY"},
      {"yuan", "CNY"},
      {"rmb", "CNY"},
      {"fr.", "CHF"},
      {"kr.", "kr"},
      {"kr", "kr"},
      {"¥", "¥"},
      {"元", "CNY"},
      {"円", "JPY"},
      {"$", "$"}
    };
    for (String[] row : table) {
      m.put(row[0], row[1]);
    }
    return m;
  }
}
