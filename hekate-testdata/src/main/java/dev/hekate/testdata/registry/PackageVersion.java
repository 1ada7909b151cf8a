package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeNpmKey;
import dev.hekate.testdata.FakeSigstore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One published version as a {@link FakeRegistry} serves it: the tarball, what {@code dist} says
 * about it, the attestations response, and the unsigned manifest fields Hekate correlates with
 * provenance ({@code gitHead}, {@code repository}). Immutable; byte arrays are copied in and out.
 *
 * <p>By default everything agrees: {@code dist.integrity} and {@code dist.shasum} describe the
 * tarball that is served. {@link Builder#integrityOverride} and {@link Builder#tarballOverride}
 * break that on purpose.
 *
 * <p>Long because it is a builder with one setter and one accessor for each field the registry
 * serves; splitting it would separate a field from its default.
 */
public final class PackageVersion {

  /** The default publication time: {@link FakeSigstore#DEFAULT_NOW}, never the wall clock. */
  public static final Instant DEFAULT_PUBLISHED_AT = FakeSigstore.DEFAULT_NOW;
  /** The {@code dist.shasum} served when no tarball bytes are known (a real tarball that was not recorded). */
  public static final String UNKNOWN_SHASUM = "0".repeat(40);

  private static final String PROVENANCE_PREFIX = "https://slsa.dev/provenance/";

  /** One {@code dist.signatures} entry: the registry's signature over {@code name@version:integrity}. */
  public record Signature(String keyid, String sig) {
    public Signature {
      Objects.requireNonNull(keyid, "keyid");
      Objects.requireNonNull(sig, "sig");
    }
  }

  private final String name;
  private final String version;
  private final Optional<byte[]> servedTarball;
  private final Optional<String> integrity;
  private final String shasum;
  private final Optional<byte[]> attestations;
  private final boolean attestationsAdvertised;
  private final Optional<String> provenancePredicateType;
  private final Instant publishedAt;
  private final boolean publishTimeListed;
  private final Optional<String> gitHead;
  private final Optional<String> repositoryUrl;
  private final String npmUser;
  private final boolean trustedPublisher;
  private final Optional<String> approver;
  private final List<Signature> signatures;

  private PackageVersion(Builder b) {
    this.name = b.name;
    this.version = b.version;
    Optional<byte[]> described = b.tarball.or(() -> b.tarballOverride);
    this.servedTarball = b.tarballOverride.or(() -> b.tarball).map(byte[]::clone);
    this.integrity = b.integrityOverride.or(() -> described.map(RegistryJson::sri));
    this.shasum = b.shasumOverride.orElseGet(() -> described.map(RegistryJson::sha1Hex).orElse(UNKNOWN_SHASUM));
    this.attestations = b.attestations.map(byte[]::clone);
    this.attestationsAdvertised = (b.attestationsAdvertised && b.attestations.isPresent()) || b.advertisedWithout;
    this.provenancePredicateType = b.provenancePredicateType.isPresent()
        ? b.provenancePredicateType : b.attestations.flatMap(PackageVersion::provenanceTypeOf);
    this.publishedAt = b.publishedAt;
    this.publishTimeListed = b.publishTimeListed;
    this.gitHead = b.gitHead;
    this.repositoryUrl = b.repositoryUrl;
    this.npmUser = b.npmUser;
    this.trustedPublisher = b.trustedPublisher;
    this.approver = b.approver;
    List<Signature> sigs = new ArrayList<>(b.signatures);
    if (b.signer != null) {
      String signedIntegrity = integrity.orElseThrow(
          () -> new IllegalStateException("signedBy needs a tarball or an integrity to sign"));
      byte[] message = (name + "@" + version + ":" + signedIntegrity).getBytes(StandardCharsets.UTF_8);
      sigs.add(new Signature(b.signer.keyId(), Base64.getEncoder().encodeToString(b.signer.sign(message))));
    }
    this.signatures = List.copyOf(sigs);
  }

  /** A builder for {@code name@version}. */
  public static Builder builder(String name, String version) {
    return new Builder(name, version);
  }

  /** The package name, e.g. {@code @scope/name}. */
  public String name() {
    return name;
  }

  /** The version. */
  public String version() {
    return version;
  }

  /** The bytes served at the tarball URL; empty when none were given (the URL then answers 404). */
  public Optional<byte[]> servedTarball() {
    return servedTarball.map(byte[]::clone);
  }

  /** {@code dist.integrity}; empty only when neither a tarball nor an integrity was given. */
  public Optional<String> integrity() {
    return integrity;
  }

  /** {@code dist.shasum} (hex SHA-1), {@link #UNKNOWN_SHASUM} when no tarball bytes are known. */
  public String shasum() {
    return shasum;
  }

  /** The body of {@code /-/npm/v1/attestations/<name>@<version>}; empty means 404. */
  public Optional<byte[]> attestations() {
    return attestations.map(byte[]::clone);
  }

  /** Whether the packument advertises the attestations in {@code dist.attestations} (mirrors strip it). */
  // Plain accessors, one per field: nothing to share but the shape.
  public boolean attestationsAdvertised() {
    return attestationsAdvertised;
  }

  /** {@code dist.attestations.provenance.predicateType}, when the response has a provenance entry. */
  public Optional<String> provenancePredicateType() {
    return provenancePredicateType;
  }

  /** {@code time[<version>]}. */
  public Instant publishedAt() {
    return publishedAt;
  }

  /** Whether the packument's {@code time} lists this version (default true). */
  public boolean publishTimeListed() {
    return publishTimeListed;
  }

  /** The manifest's {@code gitHead}. */
  public Optional<String> gitHead() {
    return gitHead;
  }

  /** The manifest's {@code repository.url}, e.g. {@code git+https://github.com/o/r.git}. */
  public Optional<String> repositoryUrl() {
    return repositoryUrl;
  }

  /** {@code _npmUser.name}. */
  public String npmUser() {
    return npmUser;
  }

  /** Whether {@code _npmUser.trustedPublisher} is present: published through trusted publishing. */
  public boolean trustedPublisher() {
    return trustedPublisher;
  }

  /** {@code _npmUser.approver.name}, when a maintainer approved the version through staged publishing. */
  public Optional<String> approver() {
    return approver;
  }

  /** {@code dist.signatures}, possibly empty. */
  public List<Signature> signatures() {
    return signatures;
  }

  @Override
  public String toString() {
    return "PackageVersion[" + name + "@" + version + "]";
  }

  /** The outer predicate type of the response's provenance entry, if it has one. */
  private static Optional<String> provenanceTypeOf(byte[] response) {
    try {
      JsonNode list = RegistryJson.parse(response).path("attestations");
      for (JsonNode entry : list) {
        String type = entry.path("predicateType").asText("");
        if (type.startsWith(PROVENANCE_PREFIX)) {
          return Optional.of(type);
        }
      }
    } catch (RuntimeException e) {
      // A deliberately malformed response: the packument just does not advertise a provenance type.
    }
    return Optional.empty();
  }

  /** Builds a {@link PackageVersion}. Every setter replaces the previous value. */
  public static final class Builder {
    private final String name;
    private final String version;
    private Optional<byte[]> tarball = Optional.empty();
    private Optional<byte[]> tarballOverride = Optional.empty();
    private Optional<String> integrityOverride = Optional.empty();
    private Optional<String> shasumOverride = Optional.empty();
    private Optional<byte[]> attestations = Optional.empty();
    private boolean attestationsAdvertised = true;
    private Optional<String> provenancePredicateType = Optional.empty();
    private Instant publishedAt = DEFAULT_PUBLISHED_AT;
    private boolean publishTimeListed = true;
    private Optional<String> gitHead = Optional.empty();
    private Optional<String> repositoryUrl = Optional.empty();
    private String npmUser = "hekate-test";
    private boolean trustedPublisher;
    private Optional<String> approver = Optional.empty();
    private boolean advertisedWithout;
    private final List<Signature> signatures = new ArrayList<>();
    private FakeNpmKey signer;

    private Builder(String name, String version) {
      if (Objects.requireNonNull(name, "name").isEmpty() || Objects.requireNonNull(version, "version").isEmpty()) {
        throw new IllegalArgumentException("name and version must not be empty");
      }
      this.name = name;
      this.version = version;
    }

    /** The published tarball: served, and described by {@code dist.integrity} and {@code dist.shasum}. */
    public Builder tarball(byte[] bytes) {
      this.tarball = Optional.of(bytes.clone());
      return this;
    }

    /** Serve these bytes instead of the tarball, while {@code dist} still describes the tarball (a tampered download). */
    public Builder tarballOverride(byte[] bytes) {
      this.tarballOverride = Optional.of(bytes.clone());
      return this;
    }

    /** Serve this {@code dist.integrity} instead of the tarball's (a registry whose metadata disagrees). */
    public Builder integrityOverride(String sri) {
      this.integrityOverride = Optional.of(Objects.requireNonNull(sri));
      return this;
    }

    /** Serve this {@code dist.shasum} instead of the tarball's. */
    public Builder shasumOverride(String hex) {
      this.shasumOverride = Optional.of(Objects.requireNonNull(hex));
      return this;
    }

    /** The attestations response body (served as is, and advertised in {@code dist.attestations}). */
    public Builder attestations(byte[] json) {
      this.attestations = Optional.of(json.clone());
      return this;
    }

    /** No attestations: the endpoint answers 404 and {@code dist.attestations} is absent (the default). */
    public Builder noAttestations() {
      this.attestations = Optional.empty();
      return this;
    }

    /**
     * The packument advertises a provenance of {@code predicateType} in {@code dist.attestations}
     * while the attestations endpoint answers 404: the registry contradicting itself.
     */
    public Builder advertisedButNotServed(String predicateType) {
      // Builder setters, one per field the registry serves: the shape repeats, the fields do not.
      this.attestations = Optional.empty();
      this.provenancePredicateType = Optional.of(Objects.requireNonNull(predicateType));
      this.advertisedWithout = true;
      return this;
    }

    /**
     * {@code _npmUser.approver} present with this name (default absent): a maintainer approved the
     * version through staged publishing.
     */
    public Builder approvedBy(String approverName) {
      // Builder setters, one per field the registry serves: the shape repeats, the fields do not.
      this.approver = Optional.of(Objects.requireNonNull(approverName));
      return this;
    }

    /** {@code _npmUser.trustedPublisher} present (default absent): published through trusted publishing. */
    public Builder trustedPublisher(boolean trusted) {
      this.trustedPublisher = trusted;
      return this;
    }

    /** Whether {@code dist.attestations} is in the packument (default true); false serves the endpoint only, as mirrors do. */
    public Builder attestationsAdvertised(boolean advertised) {
      this.attestationsAdvertised = advertised;
      return this;
    }

    /** {@code dist.attestations.provenance.predicateType} (default: the response's provenance entry's). */
    public Builder provenancePredicateType(String predicateType) {
      this.provenancePredicateType = Optional.of(Objects.requireNonNull(predicateType));
      return this;
    }

    /** Leaves the version out of the packument's {@code time} (still counted in created/modified). */
    public Builder withoutPublishTime() {
      this.publishTimeListed = false;
      return this;
    }

    /** {@code time[<version>]} (default {@link #DEFAULT_PUBLISHED_AT}). */
    public Builder publishedAt(Instant time) {
      this.publishedAt = Objects.requireNonNull(time);
      return this;
    }

    /** The manifest's {@code gitHead}. */
    public Builder gitHead(String sha) {
      this.gitHead = Optional.of(Objects.requireNonNull(sha));
      return this;
    }

    /** The manifest's {@code repository.url}, e.g. {@code git+https://github.com/o/r.git}. */
    public Builder repositoryUrl(String url) {
      this.repositoryUrl = Optional.of(Objects.requireNonNull(url));
      return this;
    }

    /** {@code _npmUser.name} (default {@code hekate-test}). */
    public Builder npmUser(String user) {
      this.npmUser = Objects.requireNonNull(user);
      return this;
    }

    /** Adds a {@code dist.signatures} entry as given (any bytes, for a wrong-signature case). */
    public Builder registrySignature(String keyid, String base64Signature) {
      signatures.add(new Signature(keyid, base64Signature));
      // Builder setters, one per option: the shape repeats, the options do not.
      return this;
    }

    /**
     * Signs {@code <name>@<version>:<integrity>} with {@code key} at {@link #build()}, over whatever
     * integrity is served (so an {@link #integrityOverride} is signed too, as by a registry that
     * signs what it serves).
     */
    public Builder signedBy(FakeNpmKey key) {
      this.signer = Objects.requireNonNull(key);
      return this;
    }

    /** No {@code dist.signatures}: forgets {@link #signedBy} and {@link #registrySignature} (a registry that does not sign, or stripped them). */
    public Builder unsigned() {
      this.signer = null;
      signatures.clear();
      return this;
    }

    /**
     * The version.
     *
     * @throws IllegalStateException if {@link #signedBy} was asked for without any integrity to sign
     */
    public PackageVersion build() {
      return new PackageVersion(this);
    }
  }
}
