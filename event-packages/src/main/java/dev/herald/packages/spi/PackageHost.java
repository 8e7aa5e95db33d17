package dev.herald.packages.spi;

import java.util.Objects;

/**
 * What the processor lends every package: the builder of NOTIFY commands (Herald's Contact, the
 * subscriber's flow) and the operator's authorization of watchers.
 */
public record PackageHost(Notifies notifies, WatcherAuthorization authorization) {

  public PackageHost {
    Objects.requireNonNull(notifies, "notifies");
    Objects.requireNonNull(authorization, "authorization");
  }
}
