package dev.herald.launcher;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Flags of {@code herald up} for resources of other domains: which domains are Herald's, where back-end SUBSCRIBEs leave from. */
final class BackendOptions {

  @Option(names = "--local-domains", defaultValue = "",
      description = "comma list of the domains Herald serves; a watched resource of another domain (a resource list's"
          + " member elsewhere) is subscribed to at its own server; none (the default): every domain is Herald's"
          + " (HERALD_LOCAL_DOMAINS)")
  String localDomains;

  @Option(names = "--backend-sip-port", defaultValue = "0",
      description = "SIP port of the back-end SUBSCRIBEs and of the NOTIFYs they bring, on the SIP host; 0: any free"
          + " port (HERALD_BACKEND_SIP_PORT)")
  int backendSipPort;

  /** The local domains, lower-cased; empty when none is given. */
  Set<String> localDomains() {
    return Arrays.stream(localDomains.split(",")).map(String::strip).filter(d -> !d.isEmpty())
        .map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }
}
