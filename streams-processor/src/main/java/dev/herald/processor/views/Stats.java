package dev.herald.processor.views;

import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import dev.herald.schemas.ResourceKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the processor holds, counted: resources, publications, subscriptions (by event package and
 * state) and bindings, in all and by domain, and which instances answered.
 *
 * @param byPackage publications by resource package and subscriptions by their event (presence,
 *     presence.winfo, dialog …)
 * @param byDomain the same by the domain of the resource's URI
 * @param instances the processor instances counted ({@code host:port} of their admin ports)
 */
public record Stats(long resources, long publications, long subscriptions, long bindings,
    SortedMap<String, Counts> byPackage, SortedMap<String, Counts> byDomain, List<String> instances) {

  /** Counts of one package or domain. */
  public record Counts(long publications, long subscriptions, long active, long pending, long terminated,
      long bindings) {

    Counts plus(Counts o) {
      return new Counts(publications + o.publications, subscriptions + o.subscriptions, active + o.active,
          pending + o.pending, terminated + o.terminated, bindings + o.bindings);
    }
  }

  public Stats {
    byPackage = new TreeMap<>(byPackage);
    byDomain = new TreeMap<>(byDomain);
    instances = List.copyOf(new TreeSet<>(instances));
  }

  /** Counts resources one by one, as a scan of the stores finds them. */
  public static final class Tally {
    private final String instance;
    private final long nowMs;
    private long resources;
    private long publications;
    private long subscriptions;
    private long bindings;
    private final SortedMap<String, Counts> byPackage = new TreeMap<>();
    private final SortedMap<String, Counts> byDomain = new TreeMap<>();

    /** A tally of the instance {@code instance}, subscriptions' states as of {@code nowMs}. */
    public Tally(String instance, long nowMs) {
      this.instance = instance;
      this.nowMs = nowMs;
    }

    /** Counts {@code key}'s {@code state}. */
    public void add(String key, ResourceState state) {
      resources++;
      publications += state.publications().size();
      subscriptions += state.subscriptions().size();
      bindings += state.bindings().size();
      Counts resource = new Counts(state.publications().size(), 0, 0, 0, 0, state.bindings().size());
      byPackage.merge(ResourceKeys.packageOf(key), resource, Counts::plus);
      for (Subscription s : state.subscriptions()) {
        String how = ViewJson.state(s, nowMs);
        Counts one = new Counts(0, 1, how.equals("active") ? 1 : 0, how.equals("pending") ? 1 : 0,
            how.equals("terminated") ? 1 : 0, 0);
        byPackage.merge(s.event(), one, Counts::plus);
        resource = resource.plus(one);
      }
      byDomain.merge(ViewJson.domainOf(key), resource, Counts::plus);
    }

    public Stats stats() {
      return new Stats(resources, publications, subscriptions, bindings, byPackage, byDomain, List.of(instance));
    }
  }

  /** The counts of both, as of one processor instance's and another's. */
  public Stats plus(Stats o) {
    SortedMap<String, Counts> packages = new TreeMap<>(byPackage);
    o.byPackage.forEach((k, v) -> packages.merge(k, v, Counts::plus));
    SortedMap<String, Counts> domains = new TreeMap<>(byDomain);
    o.byDomain.forEach((k, v) -> domains.merge(k, v, Counts::plus));
    List<String> all = new ArrayList<>(instances);
    all.addAll(o.instances);
    return new Stats(resources + o.resources, publications + o.publications, subscriptions + o.subscriptions,
        bindings + o.bindings, packages, domains, all);
  }
}
