package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The summary of an in-toto layout verification ({@code POST /v1/in-toto/verify}) that verified, about
 * the artifacts the caller named:
 *
 * <ul>
 *   <li>the subjects are those artifacts (path, SHA-256), each held to be a product of the verified
 *       supply chain ({@code intoto.product}); without any there is nothing to vouch for;
 *   <li>PASSED, {@code verifiedLevels} {@code [}{@value VerifiedLevels#INTOTO_LAYOUT_VERIFIED}{@code ]}
 *       — a layout says nothing of a SLSA build level;
 *   <li>{@code policy} is the layout itself, by the SHA-256 of the file verified: the caller sent
 *       the layout and its keys, so the statement says which layout held — a consumer pins the
 *       digest of the layout it trusts, or anyone's own layout could vouch for anything; the layout
 *       keys' ids are in the companion field ({@code layoutKeys});
 *   <li>{@code resourceUri} is the caller's: nothing in a layout says where its product lives;
 *   <li>{@code inputAttestations}: each distinct link file, by the SHA-256 of the bytes verified.
 * </ul>
 *
 * <p>Nothing else is signed: a FAILED answer about inputs the caller chose says nothing a signature
 * should carry, and ERROR or UNKNOWN was no decision.
 */
public final class InTotoLayoutSummary {
  private InTotoLayoutSummary() {}

  /**
   * @param artifacts path to SHA-256 hex, as the caller named them (validated by the caller of this method)
   * @param layout the layout file's bytes, as verified
   * @param layoutKeyIds the ids of the keys the layout was verified with
   * @param linkSha256s the SHA-256 of each distinct link file, as verified
   * @return empty unless verified with artifacts named
   */
  public static Optional<ArtifactSummary> of(LayoutVerification result, Map<String, String> artifacts,
      String resourceUri, byte[] layout, List<String> layoutKeyIds, List<String> linkSha256s) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(resourceUri, "resourceUri");
    if (!result.isVerified() || artifacts.isEmpty()) {
      return Optional.empty();
    }
    List<ArtifactSummary.Subject> subjects = new ArrayList<>();
    artifacts.forEach((path, sha256) -> subjects.add(new ArtifactSummary.Subject(path,
        new Digest("sha256", Encoding.hex(sha256).orElseThrow(
            () -> new IllegalArgumentException("not a SHA-256 in hex: artifact " + path))))));
    List<ArtifactSummary.InputAttestation> inputs = new ArrayList<>();
    linkSha256s.forEach(sha -> inputs.add(new ArtifactSummary.InputAttestation(Optional.empty(), sha)));
    ObjectNode companion = ArtifactSummary.companion(LayoutVerificationJson.toJson(result), "VERIFIED");
    ArrayNode keys = companion.putArray("layoutKeys");
    layoutKeyIds.forEach(keys::add);
    ArtifactSummary.InputAttestation policy = new ArtifactSummary.InputAttestation(Optional.empty(),
        Encoding.toHex(Keys.sha256(layout)));
    return Optional.of(new ArtifactSummary(subjects, resourceUri, inputs, true,
        List.of(VerifiedLevels.INTOTO_LAYOUT_VERIFIED), companion, Optional.of(policy)));
  }
}
