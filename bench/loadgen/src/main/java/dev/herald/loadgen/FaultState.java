package dev.herald.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dialogs and publications a faults run left in place ({@code --keep}), so that a later run
 * ({@code --resume}) takes them over after Herald was restarted: refreshes each dialog in it,
 * modifies each publication by its entity-tag, and checks that the state came back.
 *
 * <p>A text file, one item a line: the run's identity (run id, domain, user prefix, the local
 * port its Contacts named), its shape, the next free marker; {@code p <presentity> <etag>
 * <marker>}: the publication's entity-tag and the newest marker a 2xx accepted for it;
 * {@code w <watcher> <remote tag> <cseq> <notify cseq>}: a live dialog, its last CSeq sent and
 * the highest NOTIFY CSeq received. A missing value is {@code -}.
 */
record FaultState(String runId, String domain, String userPrefix, int localPort, int presentities, int watchers,
    long nextMarker, String[] etags, long[] markers, String[] remoteTags, long[] cseqs, long[] notifyCseqs) {

  static final String MAGIC = "herald-loadgen-faults 1";
  private static final List<String> HEADER = List.of("run", "domain", "prefix", "port", "presentities", "watchers",
      "next-marker");

  FaultState {
    int dialogs = presentities * watchers;
    if (etags.length != presentities || markers.length != presentities || remoteTags.length != dialogs
        || cseqs.length != dialogs || notifyCseqs.length != dialogs) {
      throw new IllegalArgumentException("state arrays do not match " + presentities + " x " + watchers);
    }
  }

  /** A state with no publication and no live dialog yet. */
  static FaultState empty(String runId, String domain, String userPrefix, int localPort, int presentities,
      int watchers, long nextMarker) {
    int dialogs = presentities * watchers;
    long[] markers = new long[presentities];
    Arrays.fill(markers, -1);
    long[] notifyCseqs = new long[dialogs];
    Arrays.fill(notifyCseqs, -1);
    return new FaultState(runId, domain, userPrefix, localPort, presentities, watchers, nextMarker,
        new String[presentities], markers, new String[dialogs], new long[dialogs], notifyCseqs);
  }

  /** Whether dialog {@code w} was live when kept. */
  boolean live(int w) {
    return remoteTags[w] != null;
  }

  int liveDialogs() {
    return (int) Arrays.stream(remoteTags).filter(t -> t != null).count();
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(MAGIC).append('\n');
    out.append("run ").append(runId).append('\n');
    out.append("domain ").append(domain).append('\n');
    out.append("prefix ").append(userPrefix).append('\n');
    out.append("port ").append(localPort).append('\n');
    out.append("presentities ").append(presentities).append('\n');
    out.append("watchers ").append(watchers).append('\n');
    out.append("next-marker ").append(nextMarker).append('\n');
    for (int p = 0; p < presentities; p++) {
      if (etags[p] != null || markers[p] >= 0) {
        out.append("p ").append(p).append(' ').append(orDash(etags[p])).append(' ').append(markers[p]).append('\n');
      }
    }
    for (int w = 0; w < remoteTags.length; w++) {
      if (remoteTags[w] != null) {
        out.append("w ").append(w).append(' ').append(remoteTags[w]).append(' ').append(cseqs[w]).append(' ')
            .append(notifyCseqs[w]).append('\n');
      }
    }
    return out.toString();
  }

  void write(Path file) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text(), StandardCharsets.US_ASCII);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
  }

  static FaultState read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.US_ASCII));
  }

  static FaultState parse(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
      throw new IllegalArgumentException("not a faults state file (first line is not '" + MAGIC + "')");
    }
    Map<String, String> header = new HashMap<>();
    List<String[]> items = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.strip().split(" ");
      if (f[0].isEmpty() || f[0].startsWith("#")) {
        continue;
      }
      if (f[0].equals("p") || f[0].equals("w")) {
        items.add(f);
      } else if (f.length == 2 && HEADER.contains(f[0])) {
        header.put(f[0], f[1]);
      } else {
        throw new IllegalArgumentException("state file: bad line '" + line + "'");
      }
    }
    if (!header.keySet().containsAll(HEADER)) {
      throw new IllegalArgumentException("state file: header incomplete, needs " + HEADER);
    }
    FaultState state;
    try {
      state = empty(header.get("run"), header.get("domain"), header.get("prefix"),
          Integer.parseInt(header.get("port")), Integer.parseInt(header.get("presentities")),
          Integer.parseInt(header.get("watchers")), Long.parseLong(header.get("next-marker")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("state file: bad number in " + header, e);
    }
    items.forEach(state::item);
    return state;
  }

  private void item(String[] f) {
    String line = String.join(" ", f);
    try {
      if (f[0].equals("p") && f.length == 4) {
        int p = Integer.parseInt(f[1]);
        etags[p] = dashIsNull(f[2]);
        markers[p] = Long.parseLong(f[3]);
        return;
      }
      if (f[0].equals("w") && f.length == 5) {
        int w = Integer.parseInt(f[1]);
        remoteTags[w] = dashIsNull(f[2]);
        cseqs[w] = Long.parseLong(f[3]);
        notifyCseqs[w] = Long.parseLong(f[4]);
        return;
      }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("state file: bad line '" + line + "'", e);
    }
    throw new IllegalArgumentException("state file: bad line '" + line + "'");
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  private static String dashIsNull(String value) {
    return value.equals("-") ? null : value;
  }
}
