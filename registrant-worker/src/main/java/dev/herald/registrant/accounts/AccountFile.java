package dev.herald.registrant.accounts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file of accounts, one {@link UacAccountLine} a line. Blank lines and lines whose first non-blank
 * character is {@code #} are skipped. Each account line gives a {@link LineResult}: a line with any
 * problem is rejected whole, never half-loaded. Accounts are keyed by AOR, so a second line with an
 * AOR already given is rejected rather than silently replacing the first.
 */
public final class AccountFile {

  private AccountFile() {}

  public static List<LineResult> parse(String text, AccountLimits limits) {
    List<LineResult> results = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      AccountCheck check = UacAccountLine.parse(line, limits);
      if (check instanceof AccountCheck.Invalid invalid) {
        results.add(new LineResult.Rejected(number, invalid.reason()));
        continue;
      }
      AccountCheck.Valid valid = (AccountCheck.Valid) check;
      Integer first = seen.putIfAbsent(valid.account().getAccountId(), number);
      if (first != null) {
        results.add(new LineResult.Rejected(number, "AOR " + valid.account().getAccountId()
            + " is already on line " + first + "; Herald keeps one account per AOR"));
      } else {
        results.add(new LineResult.Parsed(number, valid.account(), valid.notes()));
      }
    }
    return results;
  }
}
