package dev.herald.loadgen;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench/loadgen.sh}: SIP load over UDP. {@code latency} measures PUBLISH-to-NOTIFY
 * latency through a presence server; {@code rate} offers one kind of request at a fixed rate
 * and counts what was answered how; {@code faults} runs a bounded load for a fault test and
 * checks that nothing was lost.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Open-loop SIP load over UDP: PUBLISH-to-NOTIFY latency, a request rate, or a load to run faults"
        + " through.",
    subcommands = {LoadgenMain.Latency.class, LoadgenMain.Rate.class, LoadgenMain.Conference.class,
        LoadgenMain.Faults.class, LoadgenMain.Rls.class})
public final class LoadgenMain implements Runnable {

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoadgenMain());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((error, command, parsed) -> {
      LoggerFactory.getLogger(LoadgenMain.class).debug("run failed", error);
      command.getErr().println("loadgen: " + error);
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options of every mode. */
  static final class Common {
    @Option(names = "--target", defaultValue = "127.0.0.1:5060", description = "server, host:port (default ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--local", defaultValue = "0.0.0.0:0",
        description = "address:port to bind; 0.0.0.0 advertises the address that routes to the target, port 0 any (default ${DEFAULT-VALUE})")
    String local;

    @Option(names = "--domain", defaultValue = "example.com", description = "domain of the users' URIs (default ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--user-prefix", defaultValue = "load-", description = "presentities are sip:<prefix><n>@<domain> (default ${DEFAULT-VALUE})")
    String userPrefix;

    @Option(names = "--run-id", description = "run id in every Call-ID, tag and branch (default: random)")
    String runId;

    @Option(names = "--contact-host", paramLabel = "HOST",
        description = "name HOST in the Via sent-by and the Contact of every request instead of the socket's address,"
            + " still sending from and receiving on the socket: a phone behind a NAT (default: the socket's address)")
    String contactHost;

    @Option(names = "--json", description = "print the report as JSON on stdout (the summary line goes to stderr)")
    boolean json;

    CommonConfig config() {
      return new CommonConfig(Endpoint.parse(target, 5060), Endpoint.parse(local, 0), domain, userPrefix,
          runId == null ? CommonConfig.newRunId() : runId, contactHost);
    }

    void print(CommandSpec spec, String summary, String json) {
      PrintWriter out = spec.commandLine().getOut();
      if (this.json) {
        spec.commandLine().getErr().println(summary);
        out.println(json);
      } else {
        out.println(summary);
      }
      out.flush();
    }
  }

  @Command(name = "latency", mixinStandardHelpOptions = true,
      description = "Watchers SUBSCRIBE to presentities; PUBLISHes at a fixed rate; time from each PUBLISH to each watcher's NOTIFY.")
  static final class Latency implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--presentities", defaultValue = "100", description = "presentities (default ${DEFAULT-VALUE})")
    int presentities;

    @Option(names = "--watchers", defaultValue = "1", description = "SUBSCRIBE dialogs per presentity (default ${DEFAULT-VALUE})")
    int watchers;

    @Option(names = "--rate", defaultValue = "100", description = "PUBLISHes per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "seconds measured (default ${DEFAULT-VALUE})")
    double duration;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds of PUBLISHes before, not counted (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--subscribe-rate", defaultValue = "200",
        description = "SUBSCRIBEs per second while setting up and ending dialogs (default ${DEFAULT-VALUE})")
    double subscribeRate;

    @Option(names = "--expires", description = "Expires of SUBSCRIBE and PUBLISH (default: the run plus 300 s, within 600..3600)")
    Integer expires;

    @Option(names = "--setup-timeout", defaultValue = "40",
        description = "seconds to wait for every dialog's 2xx and first NOTIFY (default ${DEFAULT-VALUE})")
    double setupTimeout;

    @Option(names = "--drain", defaultValue = "10",
        description = "seconds to wait after the last PUBLISH for answers and NOTIFYs (default ${DEFAULT-VALUE})")
    double drain;

    @Override
    public Integer call() throws Exception {
      Duration measured = seconds(duration);
      Duration warm = seconds(warmup);
      LatencyConfig config = new LatencyConfig(common.config(), presentities, watchers, rate, measured, warm,
          subscribeRate, expires == null ? LatencyConfig.defaultExpires(warm, measured) : expires,
          seconds(setupTimeout), seconds(drain));
      LatencyReport report = Loadgen.latency(config);
      common.print(spec, report.summary(), report.json());
      return report.setup().ready() > 0 ? 0 : 1;
    }
  }

  @Command(name = "rate", mixinStandardHelpOptions = true,
      description = "Initial PUBLISHes or new SUBSCRIBE dialogs at a fixed rate; counts 2xx, 503 and other answers.")
  static final class Rate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--method", defaultValue = "publish", description = "publish or subscribe (default ${DEFAULT-VALUE})")
    RateConfig.Method method;

    @Option(names = "--rate", required = true, description = "requests per second")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "seconds (default ${DEFAULT-VALUE})")
    double duration;

    @Option(names = "--users", defaultValue = "100000", description = "presentities taken in turn (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--expires", defaultValue = "60", description = "Expires of each request (default ${DEFAULT-VALUE})")
    int expires;

    @Option(names = "--drain", defaultValue = "33",
        description = "seconds to wait after the last request for answers; Timer F is 32 s (default ${DEFAULT-VALUE})")
    double drain;

    @Override
    public Integer call() throws Exception {
      RateConfig config = new RateConfig(common.config(), method, rate, seconds(duration), users, expires,
          seconds(drain));
      RateReport report = Loadgen.rate(config);
      common.print(spec, report.summary(), report.json());
      return 0;
    }
  }

  @Command(name = "faults", mixinStandardHelpOptions = true,
      description = "Dialogs on presentities, PUBLISHes and re-SUBSCRIBEs at a fixed rate for a fault to run through;"
          + " counts every request and NOTIFY, the gaps in service, and checks at the end that no subscription"
          + " or publication was lost.")
  static final class Faults implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--presentities", description = "presentities (default 100; a resumed run has the kept ones)")
    Integer presentities;

    @Option(names = "--watchers", description = "SUBSCRIBE dialogs per presentity (default 1; a resumed run has the kept ones)")
    Integer watchers;

    @Option(names = "--rate", defaultValue = "50", description = "PUBLISHes per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "seconds of load (default ${DEFAULT-VALUE})")
    double duration;

    @Option(names = "--settle", defaultValue = "35",
        description = "seconds for retransmissions to end after the load, and for the final check; Timer F is 32 s"
            + " (default ${DEFAULT-VALUE})")
    double settle;

    @Option(names = "--refresh-share", defaultValue = "0.1",
        description = "in-dialog re-SUBSCRIBEs per PUBLISH, round robin over the dialogs (default ${DEFAULT-VALUE})")
    double refreshShare;

    @Option(names = "--subscribe-rate", defaultValue = "200",
        description = "SUBSCRIBEs per second while setting up and ending dialogs, and final PUBLISHes per second"
            + " (default ${DEFAULT-VALUE})")
    double subscribeRate;

    @Option(names = "--expires", defaultValue = "3600", description = "Expires of SUBSCRIBE and PUBLISH (default ${DEFAULT-VALUE})")
    int expires;

    @Option(names = "--setup-timeout", defaultValue = "100",
        description = "seconds to wait for every dialog's 2xx and first NOTIFY, retries included (default ${DEFAULT-VALUE})")
    double setupTimeout;

    @Option(names = "--setup-retries", defaultValue = "3",
        description = "times a failed initial SUBSCRIBE is sent again (default ${DEFAULT-VALUE})")
    int setupRetries;

    @Option(names = "--timeline", paramLabel = "FILE", description = "write the per-second counts to FILE as CSV")
    java.nio.file.Path timeline;

    @Option(names = "--keep", description = "leave the dialogs and publications in place at the end")
    boolean keep;

    @Option(names = "--state", paramLabel = "FILE", description = "with --keep: write the kept dialogs and publications to FILE")
    java.nio.file.Path state;

    @Option(names = "--resume", paramLabel = "FILE",
        description = "take over the dialogs and publications a --keep run wrote to FILE (refresh each, check the state"
            + " came back) instead of setting up new ones")
    java.nio.file.Path resume;

    @Override
    public Integer call() throws Exception {
      FaultConfig config;
      try {
        config = config();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      } catch (java.io.IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the state file: " + e, e);
      }
      FaultReport report = Loadgen.faults(config);
      common.print(spec, report.summary(), report.json());
      return 0;
    }

    FaultConfig config() throws java.io.IOException {
      CommonConfig base = common.config();
      FaultState kept = null;
      int p = presentities == null ? 100 : presentities;
      int w = watchers == null ? 1 : watchers;
      if (resume != null) {
        if (presentities != null || watchers != null) {
          throw new IllegalArgumentException("a resumed run has the kept presentities and watchers; leave out"
              + " --presentities and --watchers");
        }
        kept = FaultState.read(resume);
        p = kept.presentities();
        w = kept.watchers();
        // The kept dialogs' identifiers carry the kept run id; their Contact named the kept port.
        Endpoint local = base.local().port() == 0 ? new Endpoint(base.local().host(), kept.localPort()) : base.local();
        base = new CommonConfig(base.target(), local, kept.domain(), kept.userPrefix(), kept.runId(),
            base.contactHost());
      }
      return new FaultConfig(base, p, w, rate, refreshShare, seconds(duration), seconds(settle), subscribeRate,
          expires, seconds(setupTimeout), setupRetries, timeline, keep, state, kept);
    }
  }

  @Command(name = "rls", mixinStandardHelpOptions = true,
      description = "One list subscriber (RFC 4662, Supported: eventlist) to a resource list whose members are"
          + " PUBLISHed at a fixed rate: the list NOTIFYs per second, their size, full against partial state,"
          + " members per partial NOTIFY, PUBLISH-to-NOTIFY delay.")
  static final class Rls implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--list", required = true,
        description = "the list's URI; it must hold the members sip:<prefix><n>@<domain>, n from 0")
    String list;

    @Option(names = "--members", defaultValue = "200", description = "members published, round robin (default ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--rate", defaultValue = "100", description = "PUBLISHes per second over all members (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "30", description = "seconds measured (default ${DEFAULT-VALUE})")
    double duration;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds of PUBLISHes before, not counted (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--expires", description = "Expires of SUBSCRIBE and PUBLISH (default: the run plus 300 s, within 600..3600)")
    Integer expires;

    @Option(names = "--setup-timeout", defaultValue = "20",
        description = "seconds to wait for the list subscription's 2xx and first NOTIFY (default ${DEFAULT-VALUE})")
    double setupTimeout;

    @Option(names = "--drain", defaultValue = "10",
        description = "seconds to wait after the last PUBLISH for answers (default ${DEFAULT-VALUE})")
    double drain;

    @Override
    public Integer call() throws Exception {
      Duration measured = seconds(duration);
      Duration warm = seconds(warmup);
      RlsRun.Config config;
      try {
        config = new RlsRun.Config(common.config(), list, members, rate, measured, warm,
            expires == null ? LatencyConfig.defaultExpires(warm, measured) : expires, seconds(setupTimeout),
            seconds(drain));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      RlsRun.Report report = Loadgen.rls(config);
      common.print(spec, report.summary(), report.json());
      return report.ready() ? 0 : 1;
    }
  }

  static Duration seconds(double seconds) {
    if (!(seconds >= 0) || seconds > 1e6) {
      throw new IllegalArgumentException("seconds out of range: " + seconds);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  @Command(name = "conference", mixinStandardHelpOptions = true,
      description = "A focus publishes a roster; watchers watch it; one participant joins and leaves by partial"
          + " PUBLISHes; times and measures each watcher's NOTIFY.")
  static final class Conference implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--target", defaultValue = "127.0.0.1:5060", description = "server, host:port (default ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--domain", defaultValue = "example.com", description = "domain of the URIs (default ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--participants", defaultValue = "500", description = "users in the roster (default ${DEFAULT-VALUE})")
    int participants;

    @Option(names = "--watchers", defaultValue = "10", description = "watchers of the conference (default ${DEFAULT-VALUE})")
    int watchers;

    @Option(names = "--changes", defaultValue = "200", description = "joins and leaves measured (default ${DEFAULT-VALUE})")
    int changes;

    @Option(names = "--warmup", defaultValue = "50", description = "changes before, not counted (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--interval-ms", defaultValue = "50", description = "pause between changes (default ${DEFAULT-VALUE})")
    long intervalMs;

    @Override
    public Integer call() throws Exception {
      ConferenceRun.Report report = new ConferenceRun(new ConferenceRun.Config(Endpoint.parse(target, 5060), domain,
          participants, watchers, changes, warmup, Duration.ofMillis(intervalMs), Duration.ofSeconds(10))).run();
      spec.commandLine().getOut().println(report.summary());
      spec.commandLine().getOut().flush();
      return report.lost() == 0 ? 0 : 1;
    }
  }
}
