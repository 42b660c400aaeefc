package dev.leadrouter.capture.account;

import dev.leadrouter.capture.csv.CsvPushParser;
import dev.leadrouter.capture.csv.CsvRecord;
import dev.leadrouter.v1.Lead;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Known accounts by company domain ({@code CAPTURE_ACCOUNTS_FILE}: {@code
 * domain,account_id,owner_rep_id}). A lead whose company domain matches is marked with the account
 * and its owner, which routing uses to send it straight to the account owner.
 */
public final class AccountDirectory {
  /** A known account and the rep who owns it (empty when unowned). */
  public record Account(String accountId, String ownerRepId) {}

  private final Map<String, Account> byDomain;

  private AccountDirectory(Map<String, Account> byDomain) {
    this.byDomain = Map.copyOf(byDomain);
  }

  public static AccountDirectory empty() {
    return new AccountDirectory(Map.of());
  }

  public static AccountDirectory parse(byte[] csv) {
    Map<String, Account> map = new HashMap<>();
    for (CsvRecord r : CsvPushParser.parseAll(csv)) {
      if (!r.ok()) {
        throw new IllegalStateException(
            "CAPTURE_ACCOUNTS_FILE record " + r.number() + ": " + r.error());
      }
      if (r.number() == 1) {
        if (!r.fields().equals(List.of("domain", "account_id", "owner_rep_id"))) {
          throw new IllegalStateException(
              "CAPTURE_ACCOUNTS_FILE must start with the header domain,account_id,owner_rep_id");
        }
        continue;
      }
      if (r.fields().size() != 3 || r.fields().get(0).isBlank() || r.fields().get(1).isBlank()) {
        throw new IllegalStateException(
            "CAPTURE_ACCOUNTS_FILE record "
                + r.number()
                + ": expected domain,account_id,owner_rep_id");
      }
      map.put(
          r.fields().get(0).strip().toLowerCase(Locale.ROOT),
          new Account(r.fields().get(1).strip(), r.fields().get(2).strip()));
    }
    return new AccountDirectory(map);
  }

  public Optional<Account> match(String domain) {
    return domain == null || domain.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(byDomain.get(domain));
  }

  /** The lead marked with its account and owner when its company domain is a known account's. */
  public Lead apply(Lead lead) {
    return match(lead.getCompany().getDomain())
        .map(
            a ->
                lead.toBuilder()
                    .setAccountId(a.accountId())
                    .setAccountOwnerRepId(a.ownerRepId())
                    .build())
        .orElse(lead);
  }
}
