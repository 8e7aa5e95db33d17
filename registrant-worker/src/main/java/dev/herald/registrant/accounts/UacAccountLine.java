package dev.herald.registrant.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One account in uac_registrant's comma format, the value of its {@code uac} module parameter:
 * <pre>registrar,proxy,aor,third_party_registrant,username,password,binding_URI,binding_params,expiry,forced_socket</pre>
 * optionally followed by the two later table columns {@code ,cluster_shtag} and {@code ,state}.
 * Like uac_registrant, a field has no quoting or escaping: it can hold neither a comma nor a space.
 * An empty field is unset; an empty expiry is {@value AccountLimits#DEFAULT_EXPIRY}. {@code cluster_shtag}
 * ({@code name/cluster_id}) is checked and ignored, since Kafka's partition assignment decides which
 * worker registers an account; {@code state} is 0 (enabled) or 1 (disabled).
 */
public final class UacAccountLine {

  /** The fields of the {@code uac} parameter. */
  public static final int FIELDS = 10;
  /** The fields with the later {@code cluster_shtag} and {@code state} columns. */
  public static final int MAX_FIELDS = 12;

  private static final Pattern SHTAG = Pattern.compile("[^/]+/\\d{1,9}");

  private UacAccountLine() {}

  /** Checks one line (without its line break); surrounding blanks are ignored. */
  public static AccountCheck parse(String line, AccountLimits limits) {
    String text = line.strip();
    String[] fields = text.split(",", -1);
    if (fields.length < FIELDS || fields.length > MAX_FIELDS) {
      return new AccountCheck.Invalid(fields.length + " fields where uac_registrant has " + FIELDS
          + " (registrar,proxy,aor,third_party_registrant,username,password,binding_URI,binding_params,expiry,"
          + "forced_socket), or " + (FIELDS + 1) + " or " + MAX_FIELDS + " with cluster_shtag and state");
    }
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].chars().anyMatch(Character::isWhitespace)) {
        return new AccountCheck.Invalid("field " + (i + 1) + " contains a space; uac_registrant fields have"
            + " no quoting or escaping");
      }
    }
    String expiry = fields[8];
    if (!expiry.isEmpty() && !expiry.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return new AccountCheck.Invalid("expiry " + expiry + " is not a number of seconds");
    }
    if (expiry.length() > 9) {
      return new AccountCheck.Invalid("expiry " + expiry + " is too large");
    }
    List<String> notes = new ArrayList<>();
    if (fields.length > FIELDS && !fields[10].isEmpty()) {
      if (!SHTAG.matcher(fields[10]).matches()) {
        return new AccountCheck.Invalid("cluster_shtag " + fields[10] + " is not name/cluster_id");
      }
      notes.add("cluster_shtag " + fields[10] + " ignored: the workers' partition assignment decides who registers");
    }
    Boolean enabled = null;
    if (fields.length == MAX_FIELDS && !fields[11].isEmpty()) {
      switch (fields[11]) {
        case "0" -> enabled = true;
        case "1" -> enabled = false;
        default -> {
          return new AccountCheck.Invalid("state " + fields[11] + " is neither 0 (enabled) nor 1 (disabled)");
        }
      }
    }
    AccountInput input = new AccountInput(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
        fields[6], fields[7], expiry.isEmpty() ? null : Integer.valueOf(expiry), fields[9], enabled);
    AccountCheck check = input.validate(limits);
    if (check instanceof AccountCheck.Valid valid && !notes.isEmpty()) {
      return new AccountCheck.Valid(valid.account(), notes);
    }
    return check;
  }
}
