package dev.herald.packages.spi;

import java.util.List;
import java.util.Set;

/**
 * An event package as the edge and the processor find it: listed in
 * {@code META-INF/services/dev.herald.packages.spi.EventPackageProvider} and loaded through
 * {@link java.util.ServiceLoader} by {@link EventPackages}. The edge reads only the descriptors; the
 * processor runs the logic. A provider takes its own settings record from {@link PackageSettings}
 * and falls back to its defaults.
 */
public interface EventPackageProvider {

  /** The package, as the keys of its resources begin ({@code presence|sip:bob@example.com}). */
  String name();

  /** What the edge must know of each event this package serves, under {@code settings}. */
  List<EventDescriptor> events(PackageSettings settings);

  /**
   * The package's logic, which the processor runs for its resources: one per resource package it
   * serves (the dialog package also serves {@code dialog;sla}).
   */
  List<EventPackage<?>> create(PackageSettings settings, PackageHost host);

  /** The options the package reads from {@link PackageSettings#optionsOf}; any other is refused at start. */
  default Set<String> optionKeys() {
    return Set.of();
  }

  /** The operator commands the package takes, offered by the admin API and the CLI. */
  default List<AdminCommandSpec> adminCommands() {
    return List.of();
  }

  /** The word of the package's operator commands in the CLI ({@code herald <word> <command> …}). */
  default String commandWord() {
    return name();
  }
}
