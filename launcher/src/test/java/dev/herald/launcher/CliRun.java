package dev.herald.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One {@code herald …} command run in the test JVM against the admin port of a running Herald. */
record CliRun(int exitCode, String out, String err) {

  static CliRun herald(int adminPort, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
