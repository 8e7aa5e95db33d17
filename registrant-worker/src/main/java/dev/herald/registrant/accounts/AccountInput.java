package dev.herald.registrant.accounts;

import dev.herald.avro.RegistrantAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One account as an operator gives it, in the fields of uac_registrant: a line of a file, the flags
 * of {@code herald reg add} or the JSON of the admin API. Null or empty means unset; {@code expiry}
 * unset is {@value AccountLimits#DEFAULT_EXPIRY}, {@code enabled} unset is true.
 */
public record AccountInput(String registrar, String proxy, String aor, String thirdPartyRegistrant,
    String username, String password, String bindingUri, String bindingParams, Integer expiry,
    String forcedSocket, Boolean enabled) {

  /**
   * Checks every field and gives the account, keyed by its AOR as given, or every problem found.
   */
  public AccountCheck validate(AccountLimits limits) {
    List<String> problems = new ArrayList<>();
    required("registrar", registrar).ifPresent(problems::add);
    uri("registrar", registrar, false).ifPresent(problems::add);
    uri("proxy", proxy, false).ifPresent(problems::add);
    required("aor", aor).ifPresent(problems::add);
    uri("aor", aor, true).ifPresent(problems::add);
    uri("third_party_registrant", thirdPartyRegistrant, true).ifPresent(problems::add);
    text("username", username).ifPresent(problems::add);
    text("password", password).ifPresent(problems::add);
    required("binding_URI", bindingUri).ifPresent(problems::add);
    uri("binding_URI", bindingUri, true).ifPresent(problems::add);
    check("binding_params", bindingParams, SipSyntax.contactParams(orEmpty(bindingParams))).ifPresent(problems::add);
    int seconds = expiry == null ? AccountLimits.DEFAULT_EXPIRY : expiry;
    if (seconds < limits.minExpiry() || seconds > limits.maxExpiry()) {
      problems.add("expiry " + seconds + " is not within " + limits.minExpiry() + ".." + limits.maxExpiry() + " s");
    }
    check("forced_socket", forcedSocket, SipSyntax.socket(orEmpty(forcedSocket))).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      return new AccountCheck.Invalid(String.join("; ", problems));
    }
    return new AccountCheck.Valid(RegistrantAccount.newBuilder()
        .setAccountId(aor)
        .setRegistrar(registrar)
        .setProxy(unsetIfEmpty(proxy))
        .setAor(aor)
        .setThirdPartyRegistrant(unsetIfEmpty(thirdPartyRegistrant))
        .setUsername(unsetIfEmpty(username))
        .setPassword(unsetIfEmpty(password))
        .setBindingUri(bindingUri)
        .setBindingParams(unsetIfEmpty(bindingParams))
        .setExpiry(seconds)
        .setForcedSocket(unsetIfEmpty(forcedSocket))
        .setEnabled(enabled == null || enabled)
        .build(), List.of());
  }

  /** The input of a stored account, for changing one field of it. */
  public static AccountInput of(RegistrantAccount account) {
    return new AccountInput(account.getRegistrar(), account.getProxy(), account.getAor(),
        account.getThirdPartyRegistrant(), account.getUsername(), account.getPassword(), account.getBindingUri(),
        account.getBindingParams(), account.getExpiry(), account.getForcedSocket(), account.getEnabled());
  }

  private static Optional<String> required(String field, String value) {
    return isUnset(value) ? Optional.of(field + " is missing") : Optional.empty();
  }

  private static Optional<String> uri(String field, String value, boolean userAllowed) {
    return check(field, value, SipSyntax.sipUri(orEmpty(value), userAllowed));
  }

  private static Optional<String> text(String field, String value) {
    if (isUnset(value)) {
      return Optional.empty();
    }
    boolean clean = value.chars().noneMatch(c -> c == ',' || Character.isWhitespace(c) || Character.isISOControl(c));
    return clean ? Optional.empty()
        : Optional.of(field + " contains a comma, a space or a control character, which uac_registrant cannot hold");
  }

  /** The problem of a set field: its text check first (commas, spaces), then {@code syntax}. */
  private static Optional<String> check(String field, String value, Optional<String> syntax) {
    if (isUnset(value)) {
      return Optional.empty();
    }
    Optional<String> text = text(field, value);
    if (text.isPresent()) {
      return text;
    }
    return syntax.map(problem -> field + " " + value + " " + problem);
  }

  private static boolean isUnset(String value) {
    return value == null || value.isEmpty();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String unsetIfEmpty(String value) {
    return isUnset(value) ? null : value;
  }
}
