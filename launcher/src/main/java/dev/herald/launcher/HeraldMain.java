package dev.herald.launcher;

import dev.herald.packages.spi.EventPackages;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of {@code bin/herald}. */
public final class HeraldMain {

  private HeraldMain() {}

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine(System.getenv()).execute(args));
  }

  static CommandLine commandLine(java.util.Map<String, String> env) {
    CommandLine cli = new CommandLine(new HeraldCommand());
    PackageCommands.addTo(cli, EventPackages.installed());
    cli.setDefaultValueProvider(SettingsSource.fromEnvironment(env));
    withVersion(cli, HeraldVersion.current());
    cli.setExecutionExceptionHandler((error, command, parsed) -> {
      LoggerFactory.getLogger(HeraldMain.class).debug("command failed", error);
      command.getErr().println("herald: " + describe(error));
      return 1;
    });
    return cli;
  }

  /** {@code --version} of the command and of every subcommand prints {@code version}. */
  private static void withVersion(CommandLine command, HeraldVersion version) {
    command.getCommandSpec().versionProvider(version);
    command.getSubcommands().values().forEach(sub -> withVersion(sub, version));
  }

  private static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes Herald. */
  static void runUntilStopped(Herald herald) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      herald.close();
      stopped.countDown();
    }, "herald-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
  }
}
