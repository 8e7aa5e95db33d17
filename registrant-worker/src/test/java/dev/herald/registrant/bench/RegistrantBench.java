package dev.herald.registrant.bench;

import dev.herald.avro.RegistrantAccount;
import dev.herald.schemas.TopicBootstrap;
import dev.herald.schemas.Topics;
import dev.herald.testkit.KafkaFixture;
import dev.herald.testkit.TestRegistrar;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The registrant worker under many accounts: an embedded broker and the test registrar in this
 * JVM, a worker in a JVM of its own (so its CPU time and RSS are its own). Loads all accounts onto
 * the accounts topic at once, starts the worker, and prints each second the REGISTERs the registrar
 * received, the registrations it confirmed, and the worker's CPU time and RSS; then a summary.
 * Run by {@code bench/registrant.sh}; options {@code --key=value}: accounts (10000), duration-s (75),
 * spread-window-ms (20000), max-registers-per-second (1000), grant-s (30), challenge (true).
 */
public final class RegistrantBench {

  private RegistrantBench() {}

  public static void main(String[] args) throws Exception {
    run(args);
    // JAIN-SIP leaves non-daemon threads behind that would hold the JVM for minutes.
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --key=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    int accounts = Integer.parseInt(options.getOrDefault("accounts", "10000"));
    int durationS = Integer.parseInt(options.getOrDefault("duration-s", "75"));
    long windowMs = Long.parseLong(options.getOrDefault("spread-window-ms", "20000"));
    int maxPerSecond = Integer.parseInt(options.getOrDefault("max-registers-per-second", "1000"));
    int grantS = Integer.parseInt(options.getOrDefault("grant-s", "30"));
    boolean challenge = Boolean.parseBoolean(options.getOrDefault("challenge", "true"));
    PrintStream out = System.out;

    KafkaFixture kafka = KafkaFixture.shared();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      new TopicBootstrap(admin, (short) 1, 30_000).ensureTopics(Topics.ALL);
    }
    try (TestRegistrar registrar = new TestRegistrar(false)) {
      registrar.grant(grantS, true);
      if (challenge) {
        registrar.challenge(TestRegistrar.Challenge.WWW_401, "MD5");
      }
      String run = UUID.randomUUID().toString().substring(0, 6);
      long loadStart = System.nanoTime();
      try (KafkaProducer<String, RegistrantAccount> producer = new KafkaProducer<>(kafka.clientConfig(),
          Topics.REGISTRANT_ACCOUNTS.keySerde().serializer(), Topics.REGISTRANT_ACCOUNTS.valueSerde().serializer())) {
        for (int i = 0; i < accounts; i++) {
          String user = "b" + run + "-" + i;
          registrar.password(user, "secret");
          String aor = "sip:" + user + "@bench.example.com";
          producer.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(), aor, RegistrantAccount.newBuilder()
              .setAccountId(aor).setRegistrar(registrar.uri()).setAor(aor).setUsername(user).setPassword("secret")
              .setBindingUri("sip:" + user + "@127.0.0.1:5999").setExpiry(3600).build()));
        }
        producer.flush();
      }
      out.printf(Locale.ROOT, "loaded %d accounts in %d ms; registrar at %s, challenge %s, grant %d s%n", accounts,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart), registrar.uri(), challenge ? "401 MD5" : "none",
          grantS);

      Path log = Files.createTempFile("registrant-bench-worker", ".log");
      List<String> command = new ArrayList<>(List.of(javaBinary()));
      String workerOpts = System.getenv().getOrDefault("BENCH_WORKER_JAVA_OPTS", "-Xms64m -Xmx512m -XX:+UseSerialGC");
      command.addAll(List.of(workerOpts.trim().split("\\s+")));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.herald.registrant.RegistrantMain",
          "--bootstrap-servers=" + kafka.bootstrapServers(), "--worker-id=bench", "--group=bench-" + run,
          "--spread-window-ms=" + windowMs, "--max-registers-per-second=" + maxPerSecond));
      Process worker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long startMs = System.currentTimeMillis();
      out.printf(Locale.ROOT, "worker pid %d started (log %s); spread window %d ms, cap %d/s%n", worker.pid(), log,
          windowMs, maxPerSecond);
      out.println("  t(s)  REGISTERs  200s   worker-cpu(s)  worker-rss(MiB)");
      long maxRss = 0;
      try {
        for (int t = 1; t <= durationS && worker.isAlive(); t++) {
          long waitMs = startMs + t * 1000L - System.currentTimeMillis();
          if (waitMs > 0) {
            worker.waitFor(waitMs, TimeUnit.MILLISECONDS);
          }
          long second = (startMs / 1000) + t - 1;
          long rss = rssKib(worker.pid());
          maxRss = Math.max(maxRss, rss);
          out.printf(Locale.ROOT, "%6d %10d %6d %14.2f %16.1f%n", t, registrar.perSecond().getOrDefault(second, 0L),
              registrar.okPerSecond().getOrDefault(second, 0L), cpuSeconds(worker), rss / 1024.0);
        }
        double cpu = cpuSeconds(worker);
        summary(out, registrar.perSecond(), registrar.okPerSecond(), startMs, windowMs, grantS, cpu, maxRss, rssKib(worker.pid()));
      } finally {
        worker.destroy();
        if (!worker.waitFor(10, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
        }
      }
    }
  }

  private static void summary(PrintStream out, Map<Long, Long> perSecond, Map<Long, Long> okPerSecond, long startMs,
      long windowMs, int grantS, double cpu, long maxRssKib, long lastRssKib) {
    long total = perSecond.values().stream().mapToLong(Long::longValue).sum();
    long ok = okPerSecond.values().stream().mapToLong(Long::longValue).sum();
    out.printf(Locale.ROOT, "REGISTERs received %d, registrations confirmed (200) %d%n", total, ok);
    if (perSecond.isEmpty()) {
      return;
    }
    long first = Collections.min(perSecond.keySet());
    long refreshAfter = Math.max(1, Math.round(grantS * 0.9));
    // The first wave: from the first REGISTER until the first refreshes are due; then the refresh wave.
    stats(out, "first registrations", perSecond, first, first + refreshAfter - 1);
    stats(out, "refreshes", perSecond, first + refreshAfter, first + 2 * refreshAfter - 1);
    out.printf(Locale.ROOT, "worker CPU %.2f s over the run; RSS max %.1f MiB, at the end %.1f MiB%n", cpu,
        maxRssKib / 1024.0, lastRssKib / 1024.0);
  }

  /**
   * Median, min and max of the per-second counts between the first and the last second of the range
   * that saw a REGISTER, leaving out those two (partly filled) seconds.
   */
  private static void stats(PrintStream out, String what, Map<Long, Long> perSecond, long from, long to) {
    long start = -1;
    long end = -1;
    for (long s = from; s <= to; s++) {
      if (perSecond.getOrDefault(s, 0L) > 0) {
        start = start < 0 ? s : start;
        end = s;
      }
    }
    if (end - start < 2) {
      out.printf(Locale.ROOT, "%s: too few seconds with REGISTERs to judge%n", what);
      return;
    }
    List<Long> counts = new ArrayList<>();
    for (long s = start + 1; s < end; s++) {
      counts.add(perSecond.getOrDefault(s, 0L));
    }
    List<Long> sorted = new ArrayList<>(counts);
    Collections.sort(sorted);
    out.printf(Locale.ROOT, "%s: over %d s (%d s after the first REGISTER), REGISTERs per second median %d, min %d,"
        + " max %d%n", what, end - start + 1, start - from, sorted.get(sorted.size() / 2), sorted.get(0),
        sorted.get(sorted.size() - 1));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static double cpuSeconds(Process process) {
    return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
  }

  /** VmRSS of a process from /proc, in KiB; 0 where /proc is not there. */
  private static long rssKib(long pid) {
    File status = new File("/proc/" + pid + "/status");
    try {
      for (String line : Files.readAllLines(status.toPath(), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
