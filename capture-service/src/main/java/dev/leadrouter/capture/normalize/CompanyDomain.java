package dev.leadrouter.capture.normalize;

import java.net.IDN;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The company's internet domain, used for enrichment and account matching: from the website
 * ("https://www.Acme.com/about?x=1" is {@code acme.com}) or, failing that, from the contact's email
 * domain unless it is a free-mail provider ({@code /capture/free-mail-domains.txt}: a gmail.com
 * address says nothing about the company).
 *
 * <p>Only a leading "www." is dropped; other subdomains are kept (no public-suffix list here, so
 * "eu.acme.com" stays as written rather than being cut to a possibly wrong registrable domain).
 */
public final class CompanyDomain {
  private static final Pattern HOST =
      Pattern.compile(
          "^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");
  private final Set<String> freeMail = new HashSet<>();

  public CompanyDomain() {
    for (String[] row : TableFile.read("/capture/free-mail-domains.txt")) {
      freeMail.add(row[0].toLowerCase(Locale.ROOT));
    }
  }

  /** The host of a website URL or bare domain, lower case, without "www."; empty if it has none. */
  public Optional<String> fromWebsite(String website) {
    if (website == null || website.isBlank()) {
      return Optional.empty();
    }
    String s = website.strip().toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    } else if (s.startsWith("//")) {
      s = s.substring(2);
    }
    s = cut(s, '/');
    s = cut(s, '?');
    s = cut(s, '#');
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      s = s.substring(at + 1); // user:pass@host
    }
    s = cut(s, ':'); // port
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    return host(s);
  }

  /** The domain of a (normalized) email address unless it is free mail; empty otherwise. */
  public Optional<String> fromEmail(String email) {
    int at = email == null ? -1 : email.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    return fromEmailDomain(email.substring(at + 1));
  }

  /** An email's domain (ASCII or Unicode) unless it is free mail; empty otherwise. */
  public Optional<String> fromEmailDomain(String domain) {
    if (domain == null || domain.isEmpty()) {
      return Optional.empty();
    }
    String d = domain.toLowerCase(Locale.ROOT);
    return isFreeMail(d) ? Optional.empty() : host(d);
  }

  public boolean isFreeMail(String domain) {
    return freeMail.contains(domain);
  }

  private static Optional<String> host(String s) {
    String ascii;
    try {
      ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (ascii.startsWith("www.")) {
      ascii = ascii.substring(4);
    }
    return HOST.matcher(ascii).matches() && !ascii.matches("[0-9.]+")
        ? Optional.of(ascii)
        : Optional.empty();
  }

  private static String cut(String s, char c) {
    int i = s.indexOf(c);
    return i >= 0 ? s.substring(0, i) : s;
  }
}
