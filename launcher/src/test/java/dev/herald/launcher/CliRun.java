package dev.herald.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** One {@code herald …} command run in the test JVM against the admin port of a running Herald. */
record CliRun(int exitCode, String out, String err) {

  /**
   * {@code herald args} against the Herald on {@code adminPort}; where the tests registered its data
   * directory ({@link SipChecks#register}), the CLI finds its admin token there as on the same host.
   */
  static CliRun herald(int adminPort, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("HERALD_ADMIN_PORT", Integer.toString(adminPort)));
    SipChecks.dataDir(adminPort).ifPresent(dataDir -> env.put("HERALD_DATA_DIR", dataDir.toString()));
    return run(env, args);
  }

  /** {@code herald args} with these variables (and no others). */
  static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = HeraldMain.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
