package dev.herald.packages.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The common case of {@link EventPackage}: a resource that serves one event, named as the package,
 * in one content type, within the bounds every package shares.
 */
public abstract class SingleEventPackage<V> implements EventPackage<V> {

  private final String name;
  private final String contentType;
  private final Expiries expiries;

  protected SingleEventPackage(String name, String contentType, Expiries expiries) {
    this.name = Objects.requireNonNull(name, "name");
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.expiries = Objects.requireNonNull(expiries, "expiries");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> events() {
    return Set.of(name);
  }

  @Override
  public final List<String> contentTypes() {
    return List.of(contentType);
  }

  @Override
  public final Expiries expiries() {
    return expiries;
  }
}
