package dev.hekate.core.vsa;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.intoto.LayoutVerification;
import dev.hekate.core.intoto.LayoutVerificationJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The summary of an in-toto layout verification ({@code POST /v1/in-toto/verify}), when it reached
 * a decision about named artifacts:
 *
 * <ul>
 *   <li>the subjects are the artifacts the caller named (path, SHA-256), which the verification held
 *       to be products of the supply chain ({@code intoto.product}); without any there is nothing
 *       to vouch for, and no summary;
 *   <li>PASSED when every check passed, {@code verifiedLevels}
 *       {@code [}{@value VerifiedLevels#INTOTO_LAYOUT_VERIFIED}{@code ]} — a layout says nothing of
 *       a SLSA build level; FAILED ({@code ["FAILED"]}) when the first check that did not pass
 *       FAILED; none when it is ERROR or UNKNOWN;
 *   <li>{@code resourceUri} is the caller's: nothing in a layout says where its product lives;
 *   <li>{@code inputAttestations}: the layout, then each distinct link file, by the SHA-256 of the
 *       bytes verified (no URI: the caller sent them).
 * </ul>
 *
 * <p>The companion field is the answer's JSON ({@link LayoutVerificationJson}) with {@code status}.
 */
public final class InTotoLayoutSummary {
  private InTotoLayoutSummary() {}

  /**
   * @param artifacts path to SHA-256 hex, as the caller named them (validated by the caller of this method)
   * @param layout the layout file's bytes, as verified
   * @param linkSha256s the SHA-256 of each distinct link file, as verified
   * @return empty when there is no decision, or nothing named to decide about
   */
  public static Optional<ArtifactSummary> of(LayoutVerification result, Map<String, String> artifacts,
      String resourceUri, byte[] layout, List<String> linkSha256s) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(resourceUri, "resourceUri");
    Optional<String> status = ArtifactSummary.status(result.isVerified(), result.firstProblem());
    if (status.isEmpty() || artifacts.isEmpty()) {
      return Optional.empty();
    }
    List<ArtifactSummary.Subject> subjects = new ArrayList<>();
    artifacts.forEach((path, sha256) -> subjects.add(new ArtifactSummary.Subject(path,
        new Digest("sha256", Encoding.hex(sha256).orElseThrow(
            () -> new IllegalArgumentException("not a SHA-256 in hex: artifact " + path))))));
    List<ArtifactSummary.InputAttestation> inputs = new ArrayList<>();
    inputs.add(new ArtifactSummary.InputAttestation(Optional.empty(), Encoding.toHex(Keys.sha256(layout))));
    linkSha256s.forEach(sha -> inputs.add(new ArtifactSummary.InputAttestation(Optional.empty(), sha)));
    List<String> levels = result.isVerified() ? List.of(VerifiedLevels.INTOTO_LAYOUT_VERIFIED)
        : List.of(VerifiedLevels.FAILED);
    return Optional.of(new ArtifactSummary(subjects, resourceUri, inputs, result.isVerified(), levels,
        ArtifactSummary.companion(LayoutVerificationJson.toJson(result), status.get())));
  }
}
