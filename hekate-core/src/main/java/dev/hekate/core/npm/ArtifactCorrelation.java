package dev.hekate.core.npm;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.registry.Integrity;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Where the signed statements meet what the registry serves — question (c), "did npm publish
 * exactly what was built":
 * <ul>
 *   <li>{@code npm.tarball}: the tarball the registry serves hashes to its {@code dist.integrity};
 *   <li>{@code npm.subject}: both statements' single subject is this package's purl
 *       ({@code pkg:npm/%40scope/name@version}), and the publish predicate names it too;
 *   <li>{@code npm.integrity}: both statements' SHA-512 subject digest is the registry's
 *       {@code dist.integrity}.
 * </ul>
 * So tarball = integrity = publish subject = provenance subject, each link a MISMATCH with both
 * values when it breaks.
 */
final class ArtifactCorrelation {
  private ArtifactCorrelation() {}

  /** {@code npm.tarball}, when the caller fetched and hashed the tarball. */
  static void tarball(VerdictBuilder verdict) {
    NpmVerifier.Input input = verdict.input();
    if (input.tarball().isEmpty()) {
      return;
    }
    TarballDigests tarball = input.tarball().get();
    verdict.run(CheckId.NPM_TARBALL, tarball.size() + " bytes", () -> {
      Digest registry = registryIntegrity(input, CheckId.NPM_TARBALL);
      if (!MessageDigest.isEqual(registry.value(), tarball.sha512())) {
        throw VerificationException.mismatch(CheckId.NPM_TARBALL,
            "the tarball the registry serves is not the one its integrity names", Integrity.toSri(registry),
            tarball.sha512Integrity());
      }
    });
  }

  /** {@code npm.subject} and {@code npm.integrity}, on the verified statements. */
  static void subjects(InTotoStatement publish, InTotoStatement provenance, VerdictBuilder verdict) {
    NpmVerifier.Input input = verdict.input();
    String purl = purl(input.name(), input.version());
    verdict.run(CheckId.NPM_SUBJECT, purl, () -> {
      requireSubject(publish, purl, "publish");
      requireSubject(provenance, purl, "provenance");
      String predicateName = publish.predicate().path("name").asText("");
      String predicateVersion = publish.predicate().path("version").asText("");
      if (!predicateName.equals(input.name()) || !predicateVersion.equals(input.version())) {
        throw VerificationException.mismatch(CheckId.NPM_SUBJECT, "the publish predicate names another package",
            input.name() + "@" + input.version(), predicateName + "@" + predicateVersion);
      }
    });
    verdict.run(CheckId.NPM_INTEGRITY, input.document().dist().integrity().orElse(""), () -> {
      Digest registry = registryIntegrity(input, CheckId.NPM_INTEGRITY);
      requireDigest(registry, publish, "publish attestation");
      requireDigest(registry, provenance, "provenance");
    });
  }

  /** {@code pkg:npm/%40scope/name@1.2.3}: the purl npm writes as the subject name. */
  static String purl(String name, String version) {
    return "pkg:npm/" + (name.startsWith("@") ? "%40" + name.substring(1) : name) + "@" + version;
  }

  /** The sha512 digest of the registry's integrity; only sha512 is strong enough to compare. */
  static Optional<Digest> registryIntegrity(NpmVerifier.Input input) {
    return input.document().dist().integrity().flatMap(Integrity::sha512);
  }

  private static Digest registryIntegrity(NpmVerifier.Input input, CheckId check) throws VerificationException {
    return registryIntegrity(input).orElseThrow(() -> VerificationException.invalid(check,
        "the registry gives no sha512 integrity for this version"));
  }

  private static void requireSubject(InTotoStatement statement, String purl, String which) throws VerificationException {
    List<String> names = statement.subjects().stream().map(InTotoStatement.Subject::name).toList();
    if (names.size() != 1 || !names.get(0).equals(purl)) {
      throw VerificationException.mismatch(CheckId.NPM_SUBJECT,
          "the " + which + " statement's subject is another package", purl, String.join(", ", names));
    }
  }

  private static void requireDigest(Digest registry, InTotoStatement statement, String which)
      throws VerificationException {
    if (!statement.hasSubjectDigest(registry)) {
      String attested = statement.subjects().stream().flatMap(s -> s.digests().stream())
          .filter(d -> d.algorithm().equals("sha512")).map(Integrity::toSri).findFirst().orElse("(no sha512)");
      throw VerificationException.mismatch(CheckId.NPM_INTEGRITY,
          "the " + which + " attests another tarball than the registry's integrity", Integrity.toSri(registry), attested);
    }
  }
}
