package dev.hekate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small, strict parser for {@code --flag}, {@code --option VALUE} (once), repeatable
 * {@code --option VALUE} and positional arguments.
 */
final class Args {
  private final Map<String, String> options = new LinkedHashMap<>();
  private final Map<String, List<String>> repeated = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  static Args parse(String[] args, Set<String> flags, Set<String> valued) throws UsageException {
    return parse(args, flags, valued, Set.of());
  }

  /** @param repeatable options that take a value and may be given more than once ({@link #all}) */
  static Args parse(String[] args, Set<String> flags, Set<String> valued, Set<String> repeatable)
      throws UsageException {
    Args parsed = new Args();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        for (int j = i + 1; j < args.length; j++) {
          parsed.positional.add(args[j]);
        }
        break;
      }
      if (!arg.startsWith("--") && arg.length() > 1 && arg.startsWith("-") && flags.contains(arg)) {
        parsed.options.put(arg, ""); // a short flag such as -h
        continue;
      }
      if (arg.startsWith("--")) {
        String name = arg;
        String value = null;
        int equals = arg.indexOf('=');
        if (equals > 0) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        }
        if (flags.contains(name) && value == null) {
          parsed.options.put(name, "");
        } else if (repeatable.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(name + " needs a value");
            }
            value = args[++i];
          }
          parsed.repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(name + " needs a value");
            }
            value = args[++i];
          }
          if (parsed.options.containsKey(name)) {
            throw new UsageException(name + " is given twice");
          }
          parsed.options.put(name, value);
        } else {
          throw new UsageException("unknown option " + name);
        }
      } else {
        parsed.positional.add(arg);
      }
    }
    return parsed;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** Every value of a repeatable option, in order; empty when it was not given. */
  List<String> all(String name) {
    return List.copyOf(repeated.getOrDefault(name, List.of()));
  }

  String required(String name) throws UsageException {
    return option(name).orElseThrow(() -> new UsageException(name + " is required"));
  }

  List<String> positional() {
    return List.copyOf(positional);
  }
}
