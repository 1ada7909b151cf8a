package dev.hekate.core.slsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.EmbeddedTrust;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link ArtifactVerifier} makes of files that are not a verifiable bundle: never verified. */
class SlsaArtifactVerifierTest {
  private static final ArtifactVerifier VERIFIER = new ArtifactVerifier(EmbeddedTrust.publicGoodTrustedRoot());
  private static final ArtifactExpectations EXPECTED = new ArtifactExpectations(
      List.of(new Digest("sha256", new byte[32])), "github.com/o/r", Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty());

  private static CheckResult first(ArtifactVerification result) {
    assertFalse(result.isVerified());
    return result.firstProblem().orElseThrow();
  }

  @Test
  void rawDsseEnvelopeIsMissingItsLogEntry() {
    byte[] envelope = "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"AA==\"}]}\n"
        .getBytes(StandardCharsets.UTF_8);
    CheckResult problem = first(VERIFIER.verify(envelope, EXPECTED));
    assertEquals(CheckId.SLSA_PROVENANCE, problem.id());
    assertEquals(Outcome.MISSING, problem.outcome());
  }

  @Test
  void somethingElseIsInvalid() {
    for (String file : List.of("not json", "[]", "{\"a\":1}")) {
      CheckResult problem = first(VERIFIER.verify(file.getBytes(StandardCharsets.UTF_8), EXPECTED));
      assertEquals(CheckId.SLSA_PROVENANCE, problem.id(), file);
      assertEquals(Outcome.FAILED, problem.outcome(), file);
    }
  }

  @Test
  void aBundleThatDoesNotVerifyStopsBeforeTheProvenanceChecks() {
    ArtifactVerification result = VERIFIER.verify(
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}".getBytes(StandardCharsets.UTF_8), EXPECTED);
    assertEquals(Outcome.FAILED, first(result).outcome());
    assertEquals(Outcome.NOT_RUN, result.checks().stream().filter(c -> c.id() == CheckId.SLSA_SUBJECT)
        .findFirst().orElseThrow().outcome());
  }
}
