package dev.hekate.core.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleParser;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.registry.RegistrySignature;
import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.verify.Artifact;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.Policy;
import dev.hekate.core.verify.VerificationResult;
import dev.hekate.core.verify.VerifiedBundle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Decides one npm package version from what the registry served: the attestations response, the
 * version document, and optionally the tarball's digest. No I/O: fetching is the caller's job
 * ({@link dev.hekate.core.service.NpmService} does it), which keeps every decision testable.
 *
 * <p>Steps, each recorded as named checks:
 * <ol>
 *   <li>select the publish attestation and the SLSA provenance by predicate type, never position;
 *   <li>verify the publish bundle against the npm registry key its hint names, valid at its
 *       integrated time; verify the provenance bundle against its Fulcio certificate (GitHub
 *       Actions or GitLab issuer);
 *   <li>correlate: subjects name this package and version, their SHA-512 is the registry's
 *       integrity (and the tarball's), the registry's own signature, the builder, the certificate
 *       against the provenance's claims, and the packument's unsigned source fields.
 * </ol>
 *
 * <p>Thread-safe; build once per trust configuration.
 */
public final class NpmVerifier {
  static final IdentityPolicy GITHUB_ACTIONS = IdentityPolicy.regex(
      "https://github\\.com/[^/]+/[^/]+/\\.github/workflows/[^@]+@.+", Predicates.GITHUB_ISSUER);
  static final IdentityPolicy GITLAB = IdentityPolicy.regex("https://gitlab\\.com/.+", Predicates.GITLAB_ISSUER);

  private final BundleVerifier bundles;
  private final TrustedKeys npmKeys;
  private final Optional<Executor> concurrent;

  /** A verifier that checks everything on the calling thread. */
  public NpmVerifier(TrustedRoot trustedRoot, TrustedKeys npmKeys) {
    this(trustedRoot, npmKeys, Optional.empty());
  }

  /**
   * @param concurrent where to verify the provenance bundle while the calling thread verifies the
   *     publish attestation — lower latency for one request when a second core is free; leave
   *     empty where many verifications already run in parallel (the sweep)
   */
  public NpmVerifier(TrustedRoot trustedRoot, TrustedKeys npmKeys, Optional<Executor> concurrent) {
    this.bundles = new BundleVerifier(trustedRoot);
    this.npmKeys = Objects.requireNonNull(npmKeys, "npmKeys");
    this.concurrent = Objects.requireNonNull(concurrent, "concurrent");
  }

  /**
   * What the registry served for one version.
   *
   * @param attestations the attestations response body; empty when the registry has none (404)
   * @param tarball the digests of the tarball as served, when it was fetched
   * @param earlierVersionHadProvenance whether a version of the same major line published before
   *     this one had provenance (from the packument's {@code dist.attestations})
   * @param previous the evidence of the latest earlier version that verified, for continuity
   */
  public record Input(
      String name,
      String version,
      VersionDocument document,
      Optional<Instant> publishedAt,
      Optional<byte[]> attestations,
      Optional<TarballDigests> tarball,
      boolean earlierVersionHadProvenance,
      Optional<Evidence> previous) {

    public Input {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(publishedAt, "publishedAt");
      Objects.requireNonNull(attestations, "attestations");
      Objects.requireNonNull(tarball, "tarball");
      Objects.requireNonNull(previous, "previous");
    }
  }

  /** Decides the version. Never throws for bad input: failures are in the verdict. */
  public Verdict verify(Input input) {
    return new Run(input).decide();
  }

  /** One decision's mutable state. */
  private final class Run {
    private final Input input;
    private final List<VerdictCheck> checks = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Optional<Digest> integrity;
    private boolean failed;
    private boolean missing;
    private Evidence evidence = Evidence.none();

    Run(Input input) {
      this.input = input;
      this.integrity = input.document().dist().integrity().flatMap(NpmVerifier::sha512Integrity);
    }

    Verdict decide() {
      tarball();
      if (input.attestations().isEmpty()) {
        record(VerdictCheck.PACKAGE, CheckResult.failed(VerificationException.failed(CheckId.NPM_ATTESTATIONS,
            "the registry has no attestations for this version: no CI build vouches for it")));
        return missing();
      }
      Optional<Selected> selected = select(input.attestations().get());
      if (selected.isEmpty()) {
        return finish();
      }
      Selected attestations = selected.get();
      // The two bundles are independent: the provenance may be checked on another thread while
      // this one checks the publish attestation. Results are recorded in a fixed order either way.
      CompletableFuture<Optional<BundleOutcome>> provenanceOutcome = attestations.provenance().isEmpty()
          ? CompletableFuture.completedFuture(Optional.empty())
          : concurrent.isPresent()
              ? CompletableFuture.supplyAsync(() -> Optional.of(verifyProvenance(attestations.provenance().get())), concurrent.get())
              : CompletableFuture.completedFuture(Optional.of(verifyProvenance(attestations.provenance().get())));
      Optional<VerifiedBundle> publish = attestations.publish().map(this::verifyPublish).flatMap(this::record);
      if (attestations.provenance().isEmpty()) {
        return missing();
      }
      Optional<VerifiedBundle> provenance = record(provenanceOutcome.join().orElseThrow());
      if (attestations.publish().isEmpty()) {
        fail(VerdictCheck.PACKAGE, VerificationException.failed(CheckId.NPM_ATTESTATIONS,
            "the provenance has no publish attestation beside it: npm signs one for every provenance it accepts"));
      }
      if (publish.isPresent() && provenance.isPresent()) {
        correlate(attestations, publish.get(), provenance.get());
      }
      return finish();
    }

    // --- selection -------------------------------------------------------------------------

    /** An attestation as selected, with its DSSE payload as parsed to read the type it signs. */
    private record Attestation(String declaredType, JsonNode bundle, InTotoStatement.Parse payload) {}

    private record Selected(Optional<Attestation> publish, Optional<Attestation> provenance) {}

    private Optional<Selected> select(byte[] response) {
      try {
        JsonNode root = Json.parse(response, Limits.MAX_ATTESTATIONS_BYTES, "attestations response");
        JsonNode array = Json.array(root, "attestations", "response");
        if (array.size() > 16) {
          throw new JsonFormatException("the response holds " + array.size() + " attestations, over the limit of 16");
        }
        List<Attestation> publish = new ArrayList<>();
        List<Attestation> provenance = new ArrayList<>();
        for (JsonNode entry : array) {
          String type = Json.string(entry, "predicateType", "attestation");
          JsonNode bundle = Json.object(entry, "bundle", "attestation");
          boolean known = Predicates.isKnown(type);
          InTotoStatement.Parse payload = signedPayload(bundle);
          String signed = payload.valid().map(InTotoStatement::predicateType).orElse("");
          if (known && !signed.equals(type)) {
            // Checked again on the verified statements; refusing here names the real problem.
            throw new JsonFormatException("the response labels a " + signed + " statement as " + type);
          }
          switch (type) {
            case Predicates.NPM_PUBLISH -> publish.add(new Attestation(type, bundle, payload));
            case Predicates.SLSA_V02, Predicates.SLSA_V1 -> provenance.add(new Attestation(type, bundle, payload));
            default -> {
              // A label Hekate does not know is fine for an attestation it does not know; a known
              // statement under a wrong label is a mislabelled response.
              if (Predicates.isKnown(signed)) {
                throw new JsonFormatException("the response labels a " + signed + " statement as " + type);
              }
              findings.add(Finding.of("unknown_attestation", "the response holds an attestation Hekate does not know", "", type));
            }
          }
        }
        if (publish.size() > 1 || provenance.size() > 1) {
          throw new JsonFormatException("the response holds " + publish.size() + " publish attestations and "
              + provenance.size() + " provenances; npm serves one of each");
        }
        if (publish.isEmpty() && provenance.isEmpty()) {
          throw new JsonFormatException("the response holds neither a publish attestation nor a provenance");
        }
        return Optional.of(new Selected(publish.stream().findFirst(), provenance.stream().findFirst()));
      } catch (JsonFormatException e) {
        fail(VerdictCheck.PACKAGE, VerificationException.failed(CheckId.NPM_ATTESTATIONS, e.getMessage()));
        return Optional.empty();
      }
    }

    /** The (not yet verified) DSSE payload, parsed: its statement names the predicate type it signs. */
    private InTotoStatement.Parse signedPayload(JsonNode bundle) {
      byte[] payload = Encoding.base64(bundle.at("/dsseEnvelope/payload").asText()).orElse(new byte[0]);
      return InTotoStatement.Parse.of(bundle.at("/dsseEnvelope/payloadType").asText(), payload);
    }

    // --- bundles ---------------------------------------------------------------------------

    /** What verifying one bundle produced; computed without touching this run's state. */
    private record BundleOutcome(String label, List<CheckResult> checks, Optional<VerifiedBundle> verified) {}

    private BundleOutcome verifyPublish(Attestation attestation) {
      return verifyBundle(VerdictCheck.PUBLISH, attestation, bundle -> Policy.trustedKeys(npmKeys, TrustedKeys.NPM_ATTESTATIONS));
    }

    private BundleOutcome verifyProvenance(Attestation attestation) {
      return verifyBundle(VerdictCheck.PROVENANCE, attestation, bundle -> Policy.identity(identityPolicyFor(bundle)));
    }

    private BundleOutcome verifyBundle(String label, Attestation attestation, java.util.function.Function<Bundle, Policy> policy) {
      Bundle bundle;
      try {
        bundle = BundleParser.parse(attestation.bundle());
      } catch (VerificationException e) {
        return new BundleOutcome(label, List.of(CheckResult.failed(e)), Optional.empty());
      }
      // The bundle is checked against the digest its statement claims; whether that digest is the
      // registry's is npm.integrity's question, answered below with both values in hand. The
      // payload parsed during selection is reused only if it is this bundle's, byte for byte.
      VerificationResult result;
      if (bundle.content() instanceof dev.hekate.core.bundle.Content.DsseEnvelope dsse) {
        InTotoStatement.Parse payload = attestation.payload().reuseFor(dsse.payloadType(), dsse.payload());
        result = bundles.verify(bundle, claimedArtifact(payload.valid()), policy.apply(bundle), payload);
      } else {
        result = bundles.verify(bundle, claimedArtifact(Optional.empty()), policy.apply(bundle));
      }
      return new BundleOutcome(label, result.checks(), result.verifiedBundle());
    }

    private Optional<VerifiedBundle> record(BundleOutcome outcome) {
      for (CheckResult check : outcome.checks()) {
        record(outcome.label(), check);
      }
      return outcome.verified();
    }

    /** The sha512 digests {@code statement} claims; a malformed payload the bundle verifier reports. */
    private Artifact claimedArtifact(Optional<InTotoStatement> statement) {
      if (statement.isPresent()) {
        List<Digest> sha512 = statement.get().subjects().stream().flatMap(s -> s.digests().stream())
            .filter(d -> d.algorithm().equals("sha512")).toList();
        if (!sha512.isEmpty()) {
          return Artifact.ofDigests(sha512);
        }
      }
      return Artifact.ofDigest(integrity.orElse(new Digest("sha512", new byte[64])));
    }

    // --- correlation -----------------------------------------------------------------------

    private void correlate(Selected attestations, VerifiedBundle publish, VerifiedBundle provenance) {
      InTotoStatement publishStatement = publish.statement().orElseThrow();
      InTotoStatement provenanceStatement = provenance.statement().orElseThrow();
      check(VerdictCheck.PACKAGE, CheckId.NPM_ATTESTATIONS, "publish and provenance selected by predicate type", () -> {
        declared(attestations.publish().orElseThrow(), publishStatement);
        declared(attestations.provenance().orElseThrow(), provenanceStatement);
      });
      String purl = purl(input.name(), input.version());
      check(VerdictCheck.PACKAGE, CheckId.NPM_SUBJECT, purl, () -> {
        subject(publishStatement, purl, "publish");
        subject(provenanceStatement, purl, "provenance");
        String predicateName = publishStatement.predicate().path("name").asText("");
        String predicateVersion = publishStatement.predicate().path("version").asText("");
        if (!predicateName.equals(input.name()) || !predicateVersion.equals(input.version())) {
          throw VerificationException.mismatch(CheckId.NPM_SUBJECT, "the publish predicate names another package",
              input.name() + "@" + input.version(), predicateName + "@" + predicateVersion);
        }
      });
      check(VerdictCheck.PACKAGE, CheckId.NPM_INTEGRITY, input.document().dist().integrity().orElse(""), () -> {
        Digest registry = integrity.orElseThrow(() -> VerificationException.failed(CheckId.NPM_INTEGRITY,
            "the registry gives no sha512 integrity for this version"));
        sameDigest(registry, publishStatement, "publish attestation");
        sameDigest(registry, provenanceStatement, "provenance");
      });
      registrySignatures(publish);
      Optional<ProvenanceClaims> claims = Optional.empty();
      try {
        claims = Optional.of(ProvenanceParser.parse(provenanceStatement));
        record(VerdictCheck.PACKAGE, CheckResult.passed(CheckId.PROVENANCE_BUILDER, claims.get().builderId()));
      } catch (VerificationException e) {
        fail(VerdictCheck.PACKAGE, e);
      }
      if (claims.isPresent()) {
        ProvenanceClaims c = claims.get();
        FulcioExtensions certificate = provenance.fulcioExtensions().orElseThrow();
        check(VerdictCheck.PACKAGE, CheckId.PROVENANCE_CERTIFICATE, c.repository(),
            () -> ProvenanceCorrelation.requireCertificateMatches(c, certificate, provenance.subjectAlternativeNames()));
        registrySource(c);
        evidence = evidence(c, certificate, publish, provenance);
        continuity();
      }
    }

    private void declared(Attestation attestation, InTotoStatement statement) throws VerificationException {
      if (!attestation.declaredType().equals(statement.predicateType())) {
        throw VerificationException.mismatch(CheckId.NPM_ATTESTATIONS,
            "the response labels an attestation as another predicate type than it signs",
            statement.predicateType(), attestation.declaredType());
      }
    }

    private void subject(InTotoStatement statement, String purl, String which) throws VerificationException {
      List<String> names = statement.subjects().stream().map(InTotoStatement.Subject::name).toList();
      if (names.size() != 1 || !names.get(0).equals(purl)) {
        throw VerificationException.mismatch(CheckId.NPM_SUBJECT,
            "the " + which + " statement's subject is another package", purl, String.join(", ", names));
      }
    }

    private void sameDigest(Digest registry, InTotoStatement statement, String which) throws VerificationException {
      if (!statement.hasSubjectDigest(registry)) {
        String attested = statement.subjects().stream().flatMap(s -> s.digests().stream())
            .filter(d -> d.algorithm().equals("sha512")).map(NpmVerifier::toSri).findFirst().orElse("(no sha512)");
        throw VerificationException.mismatch(CheckId.NPM_INTEGRITY,
            "the " + which + " attests another tarball than the registry's integrity", toSri(registry), attested);
      }
    }

    private void registrySignatures(VerifiedBundle publish) {
      List<RegistrySignature> signatures = input.document().dist().signatures();
      if (signatures.isEmpty()) {
        return;
      }
      Instant when = input.publishedAt().orElseGet(() -> publish.verifiedTimes().get(0));
      String integrityText = input.document().dist().integrity().orElse("");
      byte[] message = (input.name() + "@" + input.version() + ":" + integrityText).getBytes(StandardCharsets.UTF_8);
      check(VerdictCheck.PACKAGE, CheckId.NPM_REGISTRY_SIGNATURE, signatures.get(0).keyid(), () -> {
        for (RegistrySignature signature : signatures) {
          byte[] sig = Encoding.base64(signature.sig()).orElse(new byte[0]);
          for (TrustedKey key : npmKeys.find(signature.keyid(), TrustedKeys.NPM_SIGNATURES)) {
            if (key.validity().contains(when) && Signatures.verify(key.publicKey(), message, sig)) {
              return;
            }
          }
        }
        throw VerificationException.failed(CheckId.NPM_REGISTRY_SIGNATURE,
            "no registry signature over " + input.name() + "@" + input.version() + " verifies with an npm signing key valid at " + when);
      });
    }

    private void registrySource(ProvenanceClaims claims) {
      List<Finding> disagreements = new ArrayList<>();
      Optional<String> url = input.document().repositoryUrl();
      if (url.isPresent() && !normaliseRepository(url.get()).equalsIgnoreCase(claims.repository())) {
        disagreements.add(Finding.of("repository_mismatch",
            "the packument's repository is not the one the provenance was built from", claims.repository(), url.get()));
      }
      Optional<String> gitHead = input.document().gitHead();
      if (gitHead.isPresent() && !gitHead.get().equalsIgnoreCase(claims.commit())) {
        disagreements.add(Finding.of("githead_mismatch",
            "the packument's gitHead is not the commit the provenance was built from", claims.commit(), gitHead.get()));
      }
      findings.addAll(disagreements);
      record(VerdictCheck.PACKAGE, disagreements.isEmpty()
          ? CheckResult.passed(CheckId.REGISTRY_SOURCE, url.orElse("no repository in the packument"))
          : new CheckResult(CheckId.REGISTRY_SOURCE, Outcome.WARNING, disagreements.get(0).message(),
              disagreements.get(0).expected(), disagreements.get(0).actual()));
    }

    private void continuity() {
      if (input.previous().isEmpty()) {
        return;
      }
      Evidence before = input.previous().get();
      changed("repository_changed", "the source repository changed since the previous version",
          before.sourceRepository(), evidence.sourceRepository());
      changed("repository_id_changed", "the repository id changed since the previous version: the repository may have been deleted and re-created",
          before.repositoryId(), evidence.repositoryId());
      changed("owner_id_changed", "the repository owner id changed since the previous version",
          before.ownerId(), evidence.ownerId());
      changed("workflow_changed", "the publishing workflow changed since the previous version",
          workflowPath(before.workflow()), workflowPath(evidence.workflow()));
      if (before.runnerEnvironment().equals("github-hosted") && evidence.runnerEnvironment().equals("self-hosted")) {
        findings.add(Finding.of("runner_self_hosted",
            "the previous version was built on a GitHub-hosted runner, this one on a self-hosted runner",
            before.runnerEnvironment(), evidence.runnerEnvironment()));
      }
    }

    private void changed(String type, String message, String before, String now) {
      if (!before.isEmpty() && !now.isEmpty() && !before.equals(now)) {
        findings.add(Finding.of(type, message, before, now));
      }
    }

    private Evidence evidence(ProvenanceClaims claims, FulcioExtensions certificate, VerifiedBundle publish,
        VerifiedBundle provenance) {
      List<Evidence.LogEntry> entries = new ArrayList<>();
      addEntries(entries, VerdictCheck.PUBLISH, publish);
      addEntries(entries, VerdictCheck.PROVENANCE, provenance);
      String keyId = publish.signingKey() instanceof dev.hekate.core.signature.SigningKey.Key key ? key.keyId() : "";
      return new Evidence(
          claims.repository(),
          claims.commit(),
          claims.ref(),
          claims.workflowPath().isEmpty() ? "" : claims.workflowPath() + "@" + claims.ref(),
          claims.runUrl(),
          claims.builderId(),
          claims.buildType(),
          certificate.runnerEnvironment().isEmpty() ? claims.runnerEnvironment() : certificate.runnerEnvironment(),
          claims.event(),
          claims.repositoryId(),
          claims.ownerId(),
          String.join(", ", provenance.subjectAlternativeNames()),
          keyId,
          input.document().dist().integrity().orElse(""),
          input.tarball().map(TarballDigests::sha512Hex).orElse(""),
          input.publishedAt(),
          entries);
    }

    private void addEntries(List<Evidence.LogEntry> entries, String label, VerifiedBundle bundle) {
      for (VerifiedBundle.VerifiedLogEntry entry : bundle.logEntries()) {
        String url = entry.integratedTime().isPresent() && !entry.baseUrl().isEmpty()
            ? entry.baseUrl().replaceAll("/+$", "") + "/api/v1/log/entries?logIndex=" + entry.logIndex()
            : "";
        entries.add(new Evidence.LogEntry(label, entry.logIndex(), url, entry.integratedTime()));
      }
    }

    // --- package level ---------------------------------------------------------------------

    private void tarball() {
      if (input.tarball().isEmpty()) {
        return;
      }
      TarballDigests tarball = input.tarball().get();
      check(VerdictCheck.PACKAGE, CheckId.NPM_TARBALL, tarball.size() + " bytes", () -> {
        Digest registry = integrity.orElseThrow(() -> VerificationException.failed(CheckId.NPM_TARBALL,
            "the registry gives no sha512 integrity to check the tarball against"));
        if (!MessageDigest.isEqual(registry.value(), tarball.sha512())) {
          throw VerificationException.mismatch(CheckId.NPM_TARBALL,
              "the tarball the registry serves is not the one its integrity names", toSri(registry), tarball.sha512Integrity());
        }
      });
    }

    private Verdict missing() {
      missing = true;
      if (input.earlierVersionHadProvenance()) {
        findings.add(Finding.of("provenance_regression",
            "an earlier version of this major line was published with provenance; this one has none"));
      }
      return finish();
    }

    private Verdict finish() {
      Status status = failed ? Status.FAILED : missing ? Status.MISSING : Status.VERIFIED;
      if (status == Status.VERIFIED && checks.stream().anyMatch(c -> !Verdict.acceptable(c.result()))) {
        status = Status.FAILED; // fail closed: a check that did not pass never yields VERIFIED
      }
      boolean regression = status == Status.MISSING && input.earlierVersionHadProvenance();
      return new Verdict(input.name(), input.version(), status, regression, checks, findings, evidence, Optional.empty());
    }

    private interface Step {
      void run() throws VerificationException;
    }

    private void check(String label, CheckId id, String detail, Step step) {
      try {
        step.run();
        record(label, CheckResult.passed(id, detail));
      } catch (VerificationException e) {
        fail(label, e);
      } catch (RuntimeException e) {
        fail(label, VerificationException.failed(id, "internal error while checking (" + e.getClass().getSimpleName() + ")"));
      }
    }

    private void fail(String label, VerificationException e) {
      record(label, CheckResult.failed(e));
    }

    private void record(String label, CheckResult result) {
      if (result.outcome() == Outcome.FAILED || result.outcome() == Outcome.NOT_RUN) {
        // A missing provenance is not a failure of evidence; everything else that did not pass is.
        boolean noAttestations = result.id() == CheckId.NPM_ATTESTATIONS && input.attestations().isEmpty();
        if (!noAttestations) {
          failed = true;
        }
      }
      checks.add(new VerdictCheck(label, result));
    }
  }

  /**
   * The Fulcio identity policy for a provenance, chosen by the issuer its (not yet verified)
   * certificate names: GitLab's for GitLab, GitHub Actions' for anything else — which then fails
   * {@code identity.issuer} unless the certificate really is GitHub's.
   */
  static IdentityPolicy identityPolicyFor(Bundle bundle) {
    try {
      // Decoding every extension is only needed to confirm GitLab: a certificate whose issuer is
      // not GitLab's, or whose extensions do not all decode, gets GitHub Actions' policy either way.
      if (bundle.verificationMaterial() instanceof VerificationMaterial.Certificates certificates
          && FulcioExtensions.issuerOf(certificates.leaf()).equals(Predicates.GITLAB_ISSUER)
          && FulcioExtensions.of(certificates.leaf()).issuer().equals(Predicates.GITLAB_ISSUER)) {
        return GITLAB;
      }
    } catch (RuntimeException e) {
      // the bundle verifier reports an undecodable certificate
    }
    return GITHUB_ACTIONS;
  }

  /** {@code pkg:npm/%40scope/name@1.2.3}: the purl npm writes as the subject name. */
  static String purl(String name, String version) {
    return "pkg:npm/" + (name.startsWith("@") ? "%40" + name.substring(1) : name) + "@" + version;
  }

  /** The sha512 digest of an SRI string ({@code sha512-<base64>}), if it has one. */
  static Optional<Digest> sha512Integrity(String sri) {
    for (String part : sri.trim().split("\\s+")) {
      if (part.startsWith("sha512-")) {
        Optional<byte[]> value = Encoding.base64(part.substring("sha512-".length()));
        if (value.isPresent() && value.get().length == 64) {
          return Optional.of(new Digest("sha512", value.get()));
        }
      }
    }
    return Optional.empty();
  }

  static String toSri(Digest digest) {
    return digest.algorithm() + "-" + Encoding.toBase64(digest.value());
  }

  /** {@code git+https://github.com/o/r.git} → {@code https://github.com/o/r}. */
  static String normaliseRepository(String url) {
    String normalised = url.trim();
    if (normalised.startsWith("git+")) {
      normalised = normalised.substring(4);
    }
    if (normalised.startsWith("git://")) {
      normalised = "https://" + normalised.substring(6);
    }
    if (normalised.startsWith("ssh://git@")) {
      normalised = "https://" + normalised.substring("ssh://git@".length());
    }
    if (normalised.startsWith("git@github.com:")) {
      normalised = "https://github.com/" + normalised.substring("git@github.com:".length());
    }
    if (normalised.startsWith("github:")) {
      normalised = "https://github.com/" + normalised.substring("github:".length());
    } else if (normalised.matches("[A-Za-z0-9-]+/[A-Za-z0-9._-]+")) {
      normalised = "https://github.com/" + normalised;
    }
    if (normalised.endsWith(".git")) {
      normalised = normalised.substring(0, normalised.length() - 4);
    }
    return normalised.replaceAll("/+$", "");
  }

  private static String workflowPath(String workflow) {
    int at = workflow.indexOf('@');
    return at < 0 ? workflow : workflow.substring(0, at);
  }
}
