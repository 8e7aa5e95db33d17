package dev.herald.launcher;

import dev.herald.registrant.accounts.AccountLimits;
import picocli.CommandLine.Option;

/** The registrant-account flags of {@code herald up}; see {@link AccountLimits}. */
final class RegistrantOptions {

  @Option(names = "--registrant-min-expiry", defaultValue = "60",
      description = "shortest expiry a registrant account may ask its registrar for (HERALD_REGISTRANT_MIN_EXPIRY)")
  int minExpiry;

  @Option(names = "--registrant-max-expiry", defaultValue = "86400",
      description = "longest expiry a registrant account may ask its registrar for (HERALD_REGISTRANT_MAX_EXPIRY)")
  int maxExpiry;

  AccountLimits limits() {
    return new AccountLimits(minExpiry, maxExpiry);
  }
}
