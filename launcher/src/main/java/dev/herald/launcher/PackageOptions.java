package dev.herald.launcher;

import picocli.CommandLine.Option;

/** Flags of {@code herald up} that apply to every event package. */
final class PackageOptions {

  @Option(names = "--exclude-publisher", defaultValue = "false", arity = "1",
      description = "a subscription from where a PUBLISH came is not told of it, as Kamailio's sender for BLA"
          + " (HERALD_EXCLUDE_PUBLISHER)")
  boolean excludePublisher;
}
