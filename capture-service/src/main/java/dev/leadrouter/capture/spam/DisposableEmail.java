package dev.leadrouter.capture.spam;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Throw-away mailbox domains ({@code /capture/disposable-email-domains.txt}), subdomains included.
 */
public final class DisposableEmail {
  public static final String FLAG = "disposable_email";
  private final Set<String> domains = new HashSet<>();

  public DisposableEmail() {
    try (var reader =
        new BufferedReader(
            new InputStreamReader(
                DisposableEmail.class.getResourceAsStream("/capture/disposable-email-domains.txt"),
                StandardCharsets.UTF_8))) {
      reader
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(l -> domains.add(l.toLowerCase(Locale.ROOT)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isDisposable(String email) {
    int at = email == null ? -1 : email.lastIndexOf('@');
    if (at < 0) {
      return false;
    }
    String d = email.substring(at + 1).toLowerCase(Locale.ROOT);
    while (true) {
      if (domains.contains(d)) {
        return true;
      }
      int dot = d.indexOf('.');
      if (dot < 0 || d.indexOf('.', dot + 1) < 0) {
        return false;
      }
      d = d.substring(dot + 1);
    }
  }
}
