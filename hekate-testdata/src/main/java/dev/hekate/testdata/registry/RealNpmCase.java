package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.testdata.RealData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded real npm case (../shared/realdata/npm_attestations, see MANIFEST.md section 1),
 * described well enough to be served by a {@link FakeRegistry} exactly as registry.npmjs.org would
 * serve it, under its real package name and version. Several cases share a name and version (a
 * good response and its tampered variants); a registry holds one of them, so publish each case into
 * its own registry. The catalogue is {@link RealNpmCases}.
 *
 * <p>The unsigned manifest fields are taken from the genuine provenance of that version
 * ({@link #referenceFile}), as the real registry's agree with it: {@code gitHead} and
 * {@code repository.url} from the statement, {@code time[version]} from the provenance's log
 * integrated time. Files are read from {@link RealData#root()} each time they are asked for; nothing
 * is copied into the repository.
 *
 * <p>The registry's own {@code dist.signatures} were not recorded with these responses (the real
 * data holds attestations and tarballs, not packuments), so a case is served unsigned, by a
 * registry that serves no {@code /-/npm/v1/keys} — as a mirror would. Its verdict is the one the
 * attestations decide, with the finding {@code registry_signatures_unavailable}; serving npm's keys
 * for it would make every case fail {@code npm.registry_signature}, for want of data, not of
 * evidence.
 *
 * @param id a stable id, the file's path under npm_attestations without its extension
 * @param packageName the real package name
 * @param version the real version
 * @param attestationFile the file served as the attestations response, relative to the real-data root
 * @param format whether that file is a whole response or one provenance bundle to wrap into one
 * @param tarballFile the real tarball (dist.integrity and dist.shasum describe it), when recorded
 * @param servedTarballFile other bytes served at the tarball URL (a tampered download), if any
 * @param referenceFile the genuine response (or bundle) of this version the manifest fields come from
 * @param expected what a correct verifier concludes
 * @param failingArea what fails, for people ({@code ""} when VERIFIED)
 * @param description where the case comes from and what is special about it
 */
public record RealNpmCase(
    String id,
    String packageName,
    String version,
    String attestationFile,
    Format format,
    Optional<String> tarballFile,
    Optional<String> servedTarballFile,
    String referenceFile,
    ExpectedOutcome expected,
    String failingArea,
    String description) {

  /** How {@link #attestationFile} is laid out. */
  public enum Format {
    /** A whole {@code {"attestations":[…]}} response. */
    // Enum constants: the list is the data, so its shape repeats.
    RESPONSE,
    /** One SLSA provenance bundle; served as a response holding only it (no publish attestation). */
    PROVENANCE_BUNDLE
  }

  public RealNpmCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(attestationFile, "attestationFile");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(tarballFile, "tarballFile");
    // One null check per component: records validate what they hold.
    Objects.requireNonNull(servedTarballFile, "servedTarballFile");
    Objects.requireNonNull(referenceFile, "referenceFile");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(failingArea, "failingArea");
    Objects.requireNonNull(description, "description");
    if ((expected == ExpectedOutcome.VERIFIED) != failingArea.isEmpty()) {
      throw new IllegalArgumentException(id + ": a failing area is given exactly when the case is not VERIFIED");
    }
  }

  /** A file of this case in the real data (which may be absent: see {@link RealData#require()}). */
  public static Path resolve(String relative) {
    return RealData.root().resolve(relative);
  }

  /** The attestations response as served (a bare provenance bundle is wrapped). */
  public byte[] attestationsResponse() {
    byte[] file = read(attestationFile);
    return format == Format.RESPONSE ? file : wrap(file);
  }

  /** The real tarball, when it was recorded. */
  public Optional<byte[]> tarball() {
    return tarballFile.map(RealNpmCase::read);
  }

  /** The bytes served at the tarball URL: the tampered ones if any, else the real tarball, else none. */
  public Optional<byte[]> servedTarball() {
    return servedTarballFile.or(() -> tarballFile).map(RealNpmCase::read);
  }

  /**
   * {@code dist.integrity}: of the real tarball, or, when it was not recorded, the genuine
   * provenance's subject digest (what the registry's integrity is for that version).
   *
   * @throws IllegalStateException if neither is available
   */
  public String integrity() {
    return tarball().map(RegistryJson::sri).orElseGet(() -> AttestationsReader.subjectSha512(referenceStatement())
        .map(RegistryJson::sriFromHex)
        .orElseThrow(() -> new IllegalStateException(id + ": no tarball and no provenance subject digest")));
  }

  /** The commit the genuine provenance says was built (the manifest's {@code gitHead}). */
  public Optional<String> gitHead() {
    return AttestationsReader.gitHead(referenceStatement());
  }

  /** The genuine provenance's repository as {@code git+https://github.com/o/r.git}. */
  public Optional<String> repositoryUrl() {
    return AttestationsReader.repositoryUrl(referenceStatement());
  }

  /** The genuine provenance's log integrated time, else {@link PackageVersion#DEFAULT_PUBLISHED_AT}. */
  public Instant publishedAt() {
    return referenceProvenance().flatMap(AttestationsReader::integratedTime)
        .orElse(PackageVersion.DEFAULT_PUBLISHED_AT);
  }

  /**
   * The version as the real registry would serve it: real tarball (or the tampered bytes), its
   * integrity, the attestations response, and manifest fields agreeing with the genuine provenance.
   *
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  public PackageVersion toPackageVersion() {
    PackageVersion.Builder b = PackageVersion.builder(packageName, version)
        .attestations(attestationsResponse())
        .publishedAt(publishedAt());
    tarball().ifPresent(b::tarball);
    servedTarballFile.map(RealNpmCase::read).ifPresent(b::tarballOverride);
    if (tarballFile.isEmpty()) {
      b.integrityOverride(integrity());
    }
    gitHead().ifPresent(b::gitHead);
    repositoryUrl().ifPresent(b::repositoryUrl);
    return b.build();
  }

  private JsonNode referenceResponse() {
    JsonNode file = RegistryJson.parse(read(referenceFile));
    return file.has("attestations") ? file : RegistryJson.parse(wrap(read(referenceFile)));
  }

  private Optional<JsonNode> referenceProvenance() {
    return AttestationsReader.provenanceEntry(referenceResponse());
  }

  private JsonNode referenceStatement() {
    return referenceProvenance().map(AttestationsReader::statement)
        .orElseThrow(() -> new IllegalStateException(id + ": " + referenceFile + " holds no provenance"));
  }

  /** {@code {"attestations":[{"predicateType":<statement's>,"bundle":<bundle>}]}}. */
  private static byte[] wrap(byte[] bundleJson) {
    JsonNode bundle = RegistryJson.parse(bundleJson);
    ObjectNode entry = RegistryJson.object();
    entry.set("bundle", bundle);
    String type = AttestationsReader.statement(entry).path("predicateType").asText("");
    ObjectNode response = RegistryJson.object();
    ObjectNode first = response.putArray("attestations").addObject();
    first.put("predicateType", type);
    first.set("bundle", bundle);
    return RegistryJson.compact(response);
  }

  private static byte[] read(String relative) {
    try {
      return Files.readAllBytes(resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ../shared/realdata/" + relative, e);
    }
  }

  @Override
  public String toString() {
    return id + " (" + packageName + "@" + version + ", " + expected + ")";
  }
}
