package dev.herald.packages.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An operator command a package takes on one of its resources, as the admin API and the CLI offer
 * it: {@code herald <package command> <name> URI --arg value …}. The API checks the arguments
 * against it before the command enters the request log; the package's
 * {@link EventPackage#admin} decides what it does.
 *
 * @param name the command, as it travels in the request log
 * @param description one line for the CLI's help
 * @param args what the command takes, each given at most once
 */
public record AdminCommandSpec(String name, String description, List<Arg> args) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** One argument: {@code --name value}. */
  public record Arg(String name, Kind kind, boolean required, String description) {
    public Arg {
      Objects.requireNonNull(kind, "kind");
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("argument names are lower-case words with dashes: " + name);
      }
    }
  }

  /** What an argument's value must be. */
  public enum Kind {
    /** 0 or more, below a billion. */
    COUNT,
    /** A sip:, sips: or tel: URI. */
    URI,
    TEXT
  }

  public AdminCommandSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("command names are lower-case words with dashes: " + name);
    }
    Objects.requireNonNull(description, "description");
    args = List.copyOf(args);
    if (args.stream().map(Arg::name).distinct().count() != args.size()) {
      throw new IllegalArgumentException("arguments of " + name + " must have distinct names");
    }
  }

  /** What is wrong with {@code given}, if anything: an unknown or missing argument, a bad value. */
  public Optional<String> check(Map<String, String> given) {
    Map<String, Arg> known = new LinkedHashMap<>();
    args.forEach(arg -> known.put(arg.name(), arg));
    for (Map.Entry<String, String> entry : given.entrySet()) {
      Arg arg = known.get(entry.getKey());
      if (arg == null) {
        return Optional.of(name + " takes no argument '" + entry.getKey() + "'; it takes " + known.keySet());
      }
      Optional<String> bad = badValue(arg, entry.getValue());
      if (bad.isPresent()) {
        return bad;
      }
    }
    return args.stream().filter(arg -> arg.required() && !given.containsKey(arg.name())).findFirst()
        .map(arg -> name + " needs --" + arg.name());
  }

  private static Optional<String> badValue(Arg arg, String value) {
    if (value == null) {
      return Optional.of("--" + arg.name() + " needs a value");
    }
    return switch (arg.kind()) {
      case COUNT -> value.matches("\\d{1,9}") ? Optional.empty()
          : Optional.of("--" + arg.name() + " must be a whole number from 0, not '" + value + "'");
      case URI -> value.matches("(?i)(sips?|tel):\\S+") ? Optional.empty()
          : Optional.of("--" + arg.name() + " must be a sip:, sips: or tel: URI, not '" + value + "'");
      case TEXT -> value.length() <= 1024 ? Optional.empty()
          : Optional.of("--" + arg.name() + " is longer than 1024 characters");
    };
  }
}
