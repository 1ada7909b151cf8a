package dev.hekate.core.npm;

import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Trust downgrades the operator accepts, as pnpm's {@code trustPolicyExclude}: each entry is a
 * package name ({@code NAME}: every version of it) or a name at one exact version
 * ({@code NAME@VERSION}), validated as strictly as a {@link PackageSpec}. The one place an
 * exception is matched: {@link VerdictBuilder} asks {@link #match} when a version falls below the
 * bar, and records the downgrade as excepted ({@code trust_downgrade_excepted}) instead of as a
 * regression. An exception that matches no downgrade changes nothing.
 *
 * <p>Matching is exact: the name equals the entry's name (scope included; {@code foo} never
 * matches {@code foobar} or {@code @x/foo}), and an entry with a version matches that version
 * string only. Immutable; entries keep their first order, each once.
 *
 * @param entries at most {@value Limits#MAX_TRUST_EXCEPTIONS}, without repeats
 */
public record TrustExceptions(List<PackageSpec> entries) {

  /** No exception: every downgrade is a regression. */
  public static final TrustExceptions NONE = new TrustExceptions(List.of());

  public TrustExceptions {
    entries = List.copyOf(new LinkedHashSet<>(entries));
    if (entries.size() > Limits.MAX_TRUST_EXCEPTIONS) {
      throw new IllegalArgumentException("at most " + Limits.MAX_TRUST_EXCEPTIONS + " trust exceptions");
    }
  }

  /**
   * Parses entries given one by one (repeated options, a comma-separated variable, a watchlist's
   * directives); surrounding whitespace is trimmed, repeats kept once. An empty entry is an error,
   * not skipped: the caller splits and drops what its syntax allows to be blank.
   *
   * @throws InvalidSpecException naming the first entry that is not {@code NAME} or {@code NAME@VERSION}
   *     with an exact version, or when there are more than {@value Limits#MAX_TRUST_EXCEPTIONS}
   */
  public static TrustExceptions parse(Collection<String> entries) throws InvalidSpecException {
    Set<PackageSpec> parsed = new LinkedHashSet<>();
    for (String entry : entries) {
      parsed.add(PackageSpec.parse(Objects.requireNonNull(entry, "entry").strip()));
      if (parsed.size() > Limits.MAX_TRUST_EXCEPTIONS) {
        throw new InvalidSpecException("more than " + Limits.MAX_TRUST_EXCEPTIONS + " trust exceptions");
      }
    }
    return new TrustExceptions(new ArrayList<>(parsed));
  }

  /**
   * Parses a comma-separated list ({@code HEKATE_TRUST_EXCLUDE}); blanks around commas are
   * trimmed, an empty or blank text is no exception, an empty entry between commas is an error.
   */
  public static TrustExceptions parseList(String text) throws InvalidSpecException {
    if (Objects.requireNonNull(text, "text").isBlank()) {
      return NONE;
    }
    return parse(List.of(text.split(",", -1)));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The entry excepting {@code name} at {@code version}: the exact version's before the whole name's. */
  public Optional<PackageSpec> match(String name, String version) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Optional<PackageSpec> whole = Optional.empty();
    for (PackageSpec entry : entries) {
      if (!entry.name().equals(name)) {
        continue;
      }
      if (entry.version().isEmpty()) {
        whole = whole.or(() -> Optional.of(entry));
      } else if (entry.version().get().equals(version)) {
        return Optional.of(entry);
      }
    }
    return whole;
  }

  /** The entries of both, these first. */
  public TrustExceptions plus(TrustExceptions other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<PackageSpec> all = new ArrayList<>(entries);
    all.addAll(other.entries);
    return new TrustExceptions(all);
  }

  /** The entries naming one of {@code names} (what a sweep message carries for its packages). */
  public TrustExceptions forPackages(Collection<String> names) {
    Set<String> wanted = Set.copyOf(names);
    return new TrustExceptions(entries.stream().filter(e -> wanted.contains(e.name())).toList());
  }

  /** The entries as given ({@code NAME} or {@code NAME@VERSION}). */
  public List<String> texts() {
    return entries.stream().map(PackageSpec::toString).toList();
  }
}
