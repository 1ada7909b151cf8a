package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.slsa.ArtifactVerification;
import dev.hekate.core.slsa.ArtifactVerificationJson;
import dev.hekate.core.text.UntrustedText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The summary of a SLSA artifact verification ({@code POST /v1/slsa/verify}, as {@code hekate
 * verify-artifact}) that verified: PASSED, {@code verifiedLevels} the build level of the verified
 * builder ({@link VerifiedLevels#of(ArtifactVerification)}), {@code resourceUri} the verified source
 * repository, each subject named as the signed statement names it. Nothing else is signed: the
 * caller chose the provenance and the digests, so a FAILED answer says nothing about an artifact
 * that a signature should carry (anyone could have a FAILED summary signed for anyone's digest),
 * and ERROR or UNKNOWN was no decision at all.
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
    if (result.verified().isEmpty()) {
      return Optional.empty();
    }
    ObjectNode companion = ArtifactSummary.companion(ArtifactVerificationJson.toJson(result), "VERIFIED");
    ArtifactSummary.InputAttestation input = new ArtifactSummary.InputAttestation(Optional.empty(),
        Encoding.toHex(Keys.sha256(provenance)));
    return Optional.of(new ArtifactSummary(named(subjects, result.verified().get().statement()), resourceUri,
        List.of(input), true, VerifiedLevels.of(result), companion));
  }

  /**
   * Each subject named as the signed statement names the artifact with its digest (every one is
   * there, or the provenance would not have verified), else by its hex digest: the caller's
   * {@code name} is never signed.
   */
  private static List<ArtifactSummary.Subject> named(List<ArtifactSummary.Subject> subjects, byte[] statement) {
    Map<String, String> names = new HashMap<>();
    try {
      for (JsonNode subject : Json.parse(statement, statement.length, "the verified statement").path("subject")) {
        String sha256 = subject.path("digest").path("sha256").asText("").toLowerCase(Locale.ROOT);
        if (subject.path("name").isTextual() && !subject.path("name").asText().isEmpty()) {
          names.putIfAbsent(sha256, UntrustedText.jsonValue(subject.path("name").asText()));
        }
      }
    } catch (JsonFormatException e) {
      throw new IllegalStateException("a verified statement that does not read back", e);
    }
    List<ArtifactSummary.Subject> named = new ArrayList<>();
    for (ArtifactSummary.Subject subject : subjects) {
      String hex = subject.digest().hex();
      named.add(new ArtifactSummary.Subject(names.getOrDefault(hex, hex), subject.digest()));
    }
    return named;
  }
}
