package dev.hekate.core.npm;

import static dev.hekate.core.npm.NpmStageFixture.PACKAGE;
import static dev.hekate.core.npm.NpmStageFixture.assertFailed;
import static dev.hekate.core.npm.NpmStageFixture.digests;
import static dev.hekate.core.npm.NpmStageFixture.document;
import static dev.hekate.core.npm.NpmStageFixture.input;
import static dev.hekate.core.npm.NpmStageFixture.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.core.registry.TarballDigests;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.testdata.FakeBundle;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ArtifactCorrelation}: tarball = {@code dist.integrity} ({@code npm.tarball}), both
 * statements name this package ({@code npm.subject}) and attest that integrity
 * ({@code npm.integrity}) — each broken link a MISMATCH with both values.
 */
class ArtifactCorrelationTest {
  private static final String OTHER_INTEGRITY = "sha512-" + Base64.getEncoder().encodeToString(new byte[64]);

  private static InTotoStatement statement(FakeBundle bundle) throws Exception {
    return InTotoStatement.parse(InTotoStatement.PAYLOAD_TYPE, bundle.dssePayload().orElseThrow());
  }

  private static VerdictBuilder subjects(NpmVerifier.Input input) throws Exception {
    VerdictBuilder verdict = new VerdictBuilder(input);
    ArtifactCorrelation.subjects(statement(PACKAGE.publish()), statement(PACKAGE.provenance()), verdict);
    return verdict;
  }

  private static VerdictBuilder tarball(String integrity, byte[] served) throws Exception {
    VerdictBuilder verdict = new VerdictBuilder(input(PACKAGE.name(),
        document(integrity, Optional.empty(), Optional.empty()), Optional.of(digests(served))));
    ArtifactCorrelation.tarball(verdict);
    return verdict;
  }

  @Test
  void theServedTarballIsTheIntegrity() throws Exception {
    assertEquals(List.of(CheckId.NPM_TARBALL), passed(tarball(PACKAGE.integrity(), PACKAGE.tarball())));
  }

  @Test
  void withoutAFetchedTarballThereIsNothingToCompare() {
    VerdictBuilder verdict = new VerdictBuilder(input());

    ArtifactCorrelation.tarball(verdict);

    assertEquals(List.of(), passed(verdict));
  }

  @Test
  void anotherTarballIsATarballMismatch() throws Exception {
    byte[] other = "another tarball".getBytes(StandardCharsets.UTF_8);

    CheckResult failure = assertFailed(tarball(PACKAGE.integrity(), other), CheckId.NPM_TARBALL, FailureKind.MISMATCH);

    assertEquals(Optional.of(PACKAGE.integrity()), failure.expected());
    TarballDigests served = digests(other);
    assertEquals(Optional.of(served.sha512Integrity()), failure.actual());
  }

  @Test
  void bothStatementsNameThisPackageAndAttestItsIntegrity() throws Exception {
    assertEquals(List.of(CheckId.NPM_SUBJECT, CheckId.NPM_INTEGRITY), passed(subjects(input())));
  }

  @Test
  void statementsAboutAnotherPackageAreASubjectMismatch() throws Exception {
    VerdictBuilder verdict = subjects(input("@hekate/other", document(), Optional.empty()));

    CheckResult failure = assertFailed(verdict, CheckId.NPM_SUBJECT, FailureKind.MISMATCH);

    assertEquals(Optional.of(ArtifactCorrelation.purl("@hekate/other", PACKAGE.version())), failure.expected());
  }

  @Test
  void anotherIntegrityIsAnIntegrityMismatch() throws Exception {
    VerdictBuilder verdict = subjects(input(PACKAGE.name(),
        document(OTHER_INTEGRITY, Optional.empty(), Optional.empty()), Optional.empty()));

    CheckResult failure = assertFailed(verdict, CheckId.NPM_INTEGRITY, FailureKind.MISMATCH);

    assertEquals(Optional.of(OTHER_INTEGRITY), failure.expected());
    assertEquals(Optional.of(PACKAGE.integrity()), failure.actual());
  }

  @Test
  void anIntegrityWithoutSha512IsInvalid() throws Exception {
    String sha1Only = "sha1-" + Base64.getEncoder().encodeToString(new byte[20]);
    VerdictBuilder verdict = subjects(input(PACKAGE.name(),
        document(sha1Only, Optional.empty(), Optional.empty()), Optional.empty()));

    assertFailed(verdict, CheckId.NPM_INTEGRITY, FailureKind.INVALID);
    assertFailed(tarball(sha1Only, PACKAGE.tarball()), CheckId.NPM_TARBALL, FailureKind.INVALID);
  }

  @Test
  void aScopedNameIsPercentEncodedInThePurl() {
    assertEquals("pkg:npm/%40hekate/stages@1.0.0", ArtifactCorrelation.purl("@hekate/stages", "1.0.0"));
    assertEquals("pkg:npm/left-pad@1.3.0", ArtifactCorrelation.purl("left-pad", "1.3.0"));
  }
}
