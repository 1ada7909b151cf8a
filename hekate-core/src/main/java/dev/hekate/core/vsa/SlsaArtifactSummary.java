package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.slsa.ArtifactVerification;
import dev.hekate.core.slsa.ArtifactVerificationJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The summary of a SLSA artifact verification ({@code POST /v1/slsa/verify}, as {@code hekate
 * verify-artifact}), when it reached a decision:
 *
 * <ul>
 *   <li>PASSED when every check passed; {@code verifiedLevels} the build level of the verified
 *       builder ({@link VerifiedLevels#of(ArtifactVerification)});
 *   <li>FAILED when the first check that did not pass FAILED (the evidence is bad) or is MISSING
 *       (no evidence: a raw DSSE envelope has no log entry); {@code verifiedLevels ["FAILED"]};
 *   <li>none when it is ERROR (a fault inside Hekate) or UNKNOWN (could not look): a signature
 *       never vouches for that.
 * </ul>
 *
 * <p>{@code inputAttestations} is the provenance, by the SHA-256 of the bytes that were verified
 * (no URI: the caller sent them). The companion field ({@value VerificationSummary#COMPANION}) is
 * {@link ArtifactVerificationJson}'s answer — {@code verified}, the checks (values bounded by
 * {@link dev.hekate.core.result.ResultJson}), and when verified {@code builderId} and
 * {@code sourceUri} — with {@code status} (VERIFIED, FAILED, MISSING) and at most
 * {@value VerificationSummary#MAX_FINDINGS} checks ({@code checksOmitted} says how many more).
 */
public final class SlsaArtifactSummary {
  private SlsaArtifactSummary() {}

  /**
   * @param subjects the artifacts as the caller named them, in the caller's order
   * @param resourceUri the resource they were verified as (validated by the caller of this method)
   * @param provenance the provenance file's bytes, as verified
   * @return empty when {@code result} is not a decision (see the class comment)
   */
  public static Optional<ArtifactSummary> of(ArtifactVerification result, List<ArtifactSummary.Subject> subjects,
      String resourceUri, byte[] provenance) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(provenance, "provenance");
    Optional<String> status = status(result);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode companion = ArtifactSummary.companion(ArtifactVerificationJson.toJson(result), status.get());
    ArtifactSummary.InputAttestation input = new ArtifactSummary.InputAttestation(Optional.empty(),
        Encoding.toHex(Keys.sha256(provenance)));
    return Optional.of(new ArtifactSummary(subjects, resourceUri, List.of(input), result.isVerified(),
        VerifiedLevels.of(result), companion));
  }

  private static Optional<String> status(ArtifactVerification result) {
    return ArtifactSummary.status(result.isVerified(), result.firstProblem());
  }
}
