package dev.herald.processor;

import dev.herald.avro.SubHandling;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToLongFunction;

/**
 * What the processor holds, as gauges: live subscriptions by package and state
 * ({@code herald_subscriptions{package,state}}, state {@code active} or {@code pending}: a
 * terminated subscription leaves the state), publications by package ({@code herald_publications})
 * and registered bindings ({@code herald_bindings}).
 *
 * <p>No scrape reads a store: each stream task counts what its stores hold once when it starts
 * (the stores just restored, so a restart finds the same figures) and then adds the difference of
 * every change it saves. A scrape sums the counts of the tasks this process runs; a task that
 * leaves takes its counts with it. A package not known here counts as {@code other}.
 */
public final class StateGauges {

  public static final String SUBSCRIPTIONS = "herald_subscriptions";
  public static final String PUBLICATIONS = "herald_publications";
  public static final String BINDINGS = "herald_bindings";

  static final String OTHER = "other";
  private static final String[] STATES = {"active", "pending"};

  /** Counts of nobody: a topology built without gauges (a rebuild, the tests). */
  static final StateGauges NONE = new StateGauges(List.of());

  private final String[] packages;
  private final Map<String, Integer> packageIndex = new HashMap<>();
  private final Set<TaskCounts> tasks = new CopyOnWriteArraySet<>();

  private StateGauges(List<String> packageNames) {
    List<String> names = new ArrayList<>(packageNames);
    names.add(OTHER);
    this.packages = names.toArray(String[]::new);
    for (int i = 0; i < packages.length; i++) {
      packageIndex.put(packages[i], i);
    }
  }

  /** Gauges of {@code packageNames} (the event packages and the events they serve) in {@code registry}. */
  public static StateGauges register(MeterRegistry registry, List<String> packageNames) {
    StateGauges gauges = new StateGauges(packageNames);
    for (int p = 0; p < gauges.packages.length; p++) {
      for (int s = 0; s < STATES.length; s++) {
        int slot = gauges.subscriptionSlot(p, s);
        Gauge.builder(SUBSCRIPTIONS, gauges, g -> g.sum(counts -> counts.get(slot)))
            .description("live subscriptions held by this processor's stream tasks")
            .tag("package", gauges.packages[p]).tag("state", STATES[s]).register(registry);
      }
      int slot = gauges.publicationSlot(p);
      Gauge.builder(PUBLICATIONS, gauges, g -> g.sum(counts -> counts.get(slot)))
          .description("live publications held by this processor's stream tasks")
          .tag("package", gauges.packages[p]).register(registry);
    }
    int bindings = gauges.bindingSlot();
    Gauge.builder(BINDINGS, gauges, g -> g.sum(counts -> counts.get(bindings)))
        .description("registered bindings held by this processor's stream tasks").register(registry);
    return gauges;
  }

  private double sum(ToLongFunction<AtomicLongArray> of) {
    long total = 0;
    for (TaskCounts task : tasks) {
      total += of.applyAsLong(task.counts);
    }
    return total;
  }

  private int subscriptionSlot(int pkg, int state) {
    return pkg * STATES.length + state;
  }

  private int publicationSlot(int pkg) {
    return packages.length * STATES.length + pkg;
  }

  private int bindingSlot() {
    return packages.length * (STATES.length + 1);
  }

  /** A stream task's counts, empty, counted in the gauges until {@link TaskCounts#close()}. */
  TaskCounts task() {
    TaskCounts task = new TaskCounts(new AtomicLongArray(bindingSlot() + 1));
    tasks.add(task);
    return task;
  }

  /** The index of the package a key or event names: {@code presence|sip:…} or {@code presence.winfo}. */
  private int packageOf(String keyOrEvent) {
    int bar = keyOrEvent.indexOf('|');
    if (bar < 0) {
      Integer found = packageIndex.get(keyOrEvent);
      return found != null ? found : packages.length - 1;
    }
    for (int i = 0; i < packages.length - 1; i++) {
      if (bar == packages[i].length() && keyOrEvent.startsWith(packages[i])) {
        return i;
      }
    }
    return packages.length - 1;
  }

  /** One stream task's share; written by its stream thread only, read by scrapes. */
  final class TaskCounts implements AutoCloseable {
    private final AtomicLongArray counts;
    /** The difference a change makes, by slot, summed plainly before the shared counts see it. */
    private final int[] difference;

    private TaskCounts(AtomicLongArray counts) {
      this.counts = counts;
      this.difference = new int[publicationSlot(0)];
    }

    /** Counts {@code state} in ({@code sign} 1) or out (-1). */
    void add(ResourceState state, int sign) {
      if (!state.publications().isEmpty()) {
        counts.addAndGet(publicationSlot(packageOf(state.resource())), sign * (long) state.publications().size());
      }
      if (!state.bindings().isEmpty()) {
        counts.addAndGet(bindingSlot(), sign * (long) state.bindings().size());
      }
      for (Subscription subscription : state.subscriptions()) {
        counts.addAndGet(slotOf(subscription), sign);
      }
    }

    /** {@code before} became {@code after}: the counts follow, looking only at what changed. */
    void changed(ResourceState before, ResourceState after) {
      int publications = after.publications().size() - before.publications().size();
      if (publications != 0) {
        counts.addAndGet(publicationSlot(packageOf(after.resource())), publications);
      }
      int bindings = after.bindings().size() - before.bindings().size();
      if (bindings != 0) {
        counts.addAndGet(bindingSlot(), bindings);
      }
      if (before.subscriptions() == after.subscriptions()) {
        return;
      }
      // A change of a resource with many watchers touches them all: plain sums first, then a few
      // atomic additions.
      for (Subscription subscription : before.subscriptions()) {
        difference[slotOf(subscription)]--;
      }
      for (Subscription subscription : after.subscriptions()) {
        difference[slotOf(subscription)]++;
      }
      for (int slot = 0; slot < difference.length; slot++) {
        if (difference[slot] != 0) {
          counts.addAndGet(slot, difference[slot]);
          difference[slot] = 0;
        }
      }
    }

    private int slotOf(Subscription subscription) {
      int pkg = packageOf(subscription.event() == null ? OTHER : subscription.event());
      return subscriptionSlot(pkg, subscription.handling() == SubHandling.CONFIRM ? 1 : 0);
    }

    /** The task leaves this process: its counts no longer count. */
    @Override
    public void close() {
      tasks.remove(this);
    }
  }
}
