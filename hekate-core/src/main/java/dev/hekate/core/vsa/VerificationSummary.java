package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Integrity;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A decided verdict as a SLSA Verification Summary Attestation (predicate
 * {@value #PREDICATE_TYPE}) in an in-toto Statement v1, ready to be signed ({@link Dsse}).
 *
 * <ul>
 *   <li>subject: {@code pkg:npm/<name>@<version>} (a package URL; a scope's {@code @} is
 *       {@code %40}) with the tarball's sha512 — from the verified evidence when there is one, else
 *       the registry's {@code dist.integrity} that was checked;
 *   <li>{@code verifier.id} the deployment, {@code verifier.version} {@code {"hekate": <version>}};
 *   <li>{@code timeVerified} when the verdict was reached (whole seconds, UTC);
 *   <li>{@code resourceUri} the same package URL;
 *   <li>{@code policy} the policy document's URI and SHA-256 ({@link VsaPolicy});
 *   <li>{@code inputAttestations} the attestations response as served (its URL and SHA-256); none
 *       for a version without attestations;
 *   <li>{@code verificationResult} {@code PASSED} for VERIFIED, else {@code FAILED};
 *   <li>{@code verifiedLevels} ({@link VerifiedLevels}): the build level the builder reaches and
 *       Hekate's own levels for a PASSED summary, {@code ["FAILED"]} for a FAILED one;
 *   <li>{@code slsaVersion} {@code 1.0};
 *   <li>{@value #COMPANION}: Hekate's status (VERIFIED, FAILED, MISSING), tier, regression and
 *       findings (type, expected, actual; each value cut to {@value #MAX_VALUE} characters).
 * </ul>
 *
 * <p>An ERROR verdict has no summary: Hekate could not look, and a signature must never vouch for that.
 * The statement is laid out by {@link ArtifactSummary}, as every summary's is.
 */
public final class VerificationSummary {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";
  /** The predicate field holding Hekate's own verdict, beside the standard fields. */
  public static final String COMPANION = "hekateVerdict";
  static final int MAX_VALUE = 512;
  static final int MAX_FINDINGS = 50;

  private VerificationSummary() {}

  /**
   * What a summary is made of besides the verdict.
   *
   * @param integrity the registry's {@code dist.integrity} for the version, as checked
   * @param attestationsUrl where the attestations response was read
   * @param attestationsSha256 hex SHA-256 of that response as served; empty when there was none
   */
  public record Input(VerifierIdentity verifier, VsaPolicy policy, Instant timeVerified, String integrity,
      URI attestationsUrl, Optional<String> attestationsSha256) {
    public Input {
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(timeVerified, "timeVerified");
      Objects.requireNonNull(integrity, "integrity");
      Objects.requireNonNull(attestationsUrl, "attestationsUrl");
      Objects.requireNonNull(attestationsSha256, "attestationsSha256");
    }
  }

  /** The package URL of an npm version: {@code pkg:npm/name@version}, {@code pkg:npm/%40scope/name@version}. */
  public static String packageUrl(String name, String version) {
    String path = name.startsWith("@") && name.contains("/")
        ? "%40" + encode(name.substring(1, name.indexOf('/'))) + "/" + encode(name.substring(name.indexOf('/') + 1))
        : encode(name);
    return "pkg:npm/" + path + "@" + encode(version);
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The statement for {@code verdict}.
   *
   * @throws IllegalArgumentException for an ERROR verdict, or when neither the evidence nor the
   *     registry gives the tarball's sha512 (there is then no subject to vouch for)
   */
  public static ObjectNode statement(Verdict verdict, Input input) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(input, "input");
    if (verdict.status() == Status.ERROR) {
      throw new IllegalArgumentException("an ERROR verdict has no verification summary: nothing was decided");
    }
    String sri = verdict.evidence().integrity().isEmpty() ? input.integrity() : verdict.evidence().integrity();
    Digest sha512 = Integrity.sha512(sri).orElseThrow(() -> new IllegalArgumentException(
        "no sha512 of the tarball for " + verdict.packageName() + "@" + verdict.version() + ": nothing to name"));
    String purl = packageUrl(verdict.packageName(), verdict.version());
    List<ArtifactSummary.InputAttestation> attestations = input.attestationsSha256()
        .map(sha -> new ArtifactSummary.InputAttestation(Optional.of(input.attestationsUrl()), sha))
        .stream().toList();
    ObjectNode companion = Json.newObject();
    companion(companion, verdict);
    return new ArtifactSummary(List.of(new ArtifactSummary.Subject(purl, sha512)), purl, attestations,
        verdict.status() == Status.VERIFIED, VerifiedLevels.of(verdict), companion)
        .statement(input.verifier(), input.policy(), input.timeVerified());
  }

  private static void companion(ObjectNode node, Verdict verdict) {
    node.put("status", verdict.status().name());
    verdict.tier().map(TrustTier::wireName).ifPresent(t -> node.put("tier", t));
    node.put("regression", verdict.regression());
    ArrayNode findings = node.putArray("findings");
    List<Finding> all = new ArrayList<>(verdict.findings());
    for (Finding f : all.subList(0, Math.min(all.size(), MAX_FINDINGS))) {
      ObjectNode finding = findings.addObject();
      finding.put("type", f.type().wireName());
      f.expected().ifPresent(e -> finding.put("expected", cut(e)));
      f.actual().ifPresent(a -> finding.put("actual", cut(a)));
    }
    if (all.size() > MAX_FINDINGS) {
      node.put("findingsOmitted", all.size() - MAX_FINDINGS);
    }
  }

  /** At most {@value #MAX_VALUE} characters; a longer value ends with {@code …} (the verdict has it whole). */
  static String cut(String value) {
    return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE - 1) + "…";
  }
}
