package dev.hekate.core.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The full packument of one package ({@code GET /<name>} with {@code Accept: application/json}),
 * reduced to what Hekate uses. Unverified registry data; immutable. A packument from
 * {@link PackumentParser} (so every packument {@link RegistryClient} returns) also guarantees that
 * every version document's {@code name} is {@link #name()} and its {@code version} is its key.
 *
 * @param name the package name
 * @param distTags {@code dist-tags}: tag to version
 * @param versions version to version document, in the order served
 * @param time version to publication time; the {@code created} and {@code modified} entries are
 *     in their own fields, and {@code unpublished} is left out
 * @param created {@code time.created}
 * @param modified {@code time.modified}
 * @param repositoryUrl the package-level {@code repository} URL
 */
public record Packument(
    String name,
    Map<String, String> distTags,
    Map<String, VersionDocument> versions,
    Map<String, Instant> time,
    Optional<Instant> created,
    Optional<Instant> modified,
    Optional<String> repositoryUrl) {

  public Packument {
    Objects.requireNonNull(name, "name");
    distTags = frozen(distTags);
    versions = frozen(versions);
    time = frozen(time);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(repositoryUrl, "repositoryUrl");
  }

  /** The version the {@code latest} dist-tag points at, if it exists. */
  public Optional<VersionDocument> latest() {
    return Optional.ofNullable(distTags.get("latest")).map(versions::get);
  }

  /** The document of {@code version}, if the packument has it. */
  public Optional<VersionDocument> version(String version) {
    return Optional.ofNullable(versions.get(version));
  }

  /** The version a spec names: its exact version, or {@code latest} when it has none. */
  public Optional<VersionDocument> resolve(PackageSpec spec) {
    return spec.version().isPresent() ? version(spec.version().get()) : latest();
  }

  /** When {@code version} was published, if the packument says. */
  public Optional<Instant> publishedAt(String version) {
    return Optional.ofNullable(time.get(version));
  }

  private static <V> Map<String, V> frozen(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
