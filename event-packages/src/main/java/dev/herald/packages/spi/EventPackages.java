package dev.herald.packages.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The event packages on the class path, found through {@link ServiceLoader}. */
public final class EventPackages {

  private EventPackages() {}

  /** Every installed package, by name; two with one name, or two serving one event, are refused. */
  public static List<EventPackageProvider> installed() {
    List<EventPackageProvider> found = new ArrayList<>();
    ServiceLoader.load(EventPackageProvider.class, EventPackages.class.getClassLoader()).forEach(found::add);
    found.sort(Comparator.comparing(EventPackageProvider::name));
    Map<String, EventPackageProvider> byName = new HashMap<>();
    for (EventPackageProvider provider : found) {
      EventPackageProvider before = byName.putIfAbsent(provider.name(), provider);
      if (before != null) {
        throw new IllegalStateException("two event packages named " + provider.name() + ": "
            + before.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return List.copyOf(found);
  }

  /** What the edge checks: every event of every installed package, under {@code settings}. */
  public static List<EventDescriptor> descriptors(PackageSettings settings) {
    List<EventPackageProvider> installed = installed();
    checkOptions(installed, settings);
    List<EventDescriptor> all = new ArrayList<>();
    Map<String, String> servedBy = new HashMap<>();
    for (EventPackageProvider provider : installed) {
      for (EventDescriptor event : provider.events(settings)) {
        String before = servedBy.putIfAbsent(event.name(), provider.name());
        if (before != null) {
          throw new IllegalStateException("event " + event.name() + " is served by both " + before + " and "
              + provider.name());
        }
        all.add(event);
      }
    }
    return List.copyOf(all);
  }

  /** What the processor runs: the logic of every installed package. */
  public static List<EventPackage<?>> create(PackageSettings settings, PackageHost host) {
    List<EventPackageProvider> installed = installed();
    checkOptions(installed, settings);
    return installed.stream().flatMap(provider -> provider.create(settings, host).stream()).toList();
  }

  /** Refuses an option of a package that is not installed, or one its package does not read. */
  private static void checkOptions(List<EventPackageProvider> installed, PackageSettings settings) {
    for (String key : settings.options().keySet()) {
      int dot = key.indexOf('.');
      String name = dot > 0 ? key.substring(0, dot) : key;
      EventPackageProvider provider = installed.stream().filter(p -> p.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("package option " + key + ": no event package " + name
              + "; installed are " + installed.stream().map(EventPackageProvider::name).toList()));
      String option = dot > 0 ? key.substring(dot + 1) : "";
      if (!provider.optionKeys().contains(option)) {
        throw new IllegalArgumentException("package option " + key + ": " + name + " takes "
            + (provider.optionKeys().isEmpty() ? "no options" : "only " + new java.util.TreeSet<>(provider.optionKeys())));
      }
    }
  }
}
