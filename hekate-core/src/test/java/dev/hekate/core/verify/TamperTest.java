package dev.hekate.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.crypto.Ecdsa;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.BundleVersion;
import dev.hekate.testdata.FakeBundle;
import dev.hekate.testdata.FakeBundleBuilder;
import dev.hekate.testdata.FakeSigstore;
import dev.hekate.testdata.Tamper;
import dev.hekate.testdata.TlogKind;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Self-contained proof that every check is load-bearing: bundles minted by hekate-testdata's
 * independent fake Sigstore (CA, CT log, Rekor v1 and v2 logs, TSA, npm key) verify untouched,
 * and each defect, introduced alone with everything else re-signed, fails with its own check id
 * — the first failure, with every earlier check passed.
 */
class TamperTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "hekate tamper test artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final Set<Tamper> EXERCISED = EnumSet.noneOf(Tamper.class);

  /** One kind of bundle the pipeline must handle. */
  record Scenario(String name, BundleVersion version, boolean dsse, boolean npmKey, boolean rekorV2, boolean timestamp,
      Function<FakeSigstore, FakeBundleBuilder> builder) {}

  static List<Scenario> scenarios() {
    String predicate = "{\"buildDefinition\":{}}";
    String slsa = "https://slsa.dev/provenance/v1";
    return List.of(
        new Scenario("v0.1 message, hashedrekord 0.0.1, SET only", BundleVersion.V0_1, false, false, false, false,
            s -> s.bundle().version(BundleVersion.V0_1).messageSignature(ARTIFACT).withInclusionProof(false)),
        new Scenario("v0.2 message, hashedrekord 0.0.1, SET and proof", BundleVersion.V0_2, false, false, false, false,
            s -> s.bundle().version(BundleVersion.V0_2).messageSignature(ARTIFACT)),
        new Scenario("v0.1 DSSE, intoto 0.0.2, SET only", BundleVersion.V0_1, true, false, false, false,
            s -> s.bundle().version(BundleVersion.V0_1).inTotoStatementFor("artifact", ARTIFACT, slsa, predicate)
                .tlogKind(TlogKind.INTOTO_002).withInclusionProof(false)),
        new Scenario("v0.2 DSSE, intoto 0.0.2, proof", BundleVersion.V0_2, true, false, false, false,
            s -> s.bundle().version(BundleVersion.V0_2).inTotoStatementFor("artifact", ARTIFACT, slsa, predicate)
                .tlogKind(TlogKind.INTOTO_002)),
        new Scenario("v0.3 DSSE, dsse 0.0.1", BundleVersion.V0_3_NEW_MEDIA_TYPE, true, false, false, false,
            s -> s.bundle().inTotoStatementFor("artifact", ARTIFACT, slsa, predicate).tlogKind(TlogKind.DSSE_001)),
        new Scenario("v0.3 message, Rekor v2 hashedrekord 0.0.2, RFC 3161", BundleVersion.V0_3_NEW_MEDIA_TYPE, false,
            false, true, true, s -> s.bundle().messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002)),
        new Scenario("v0.3 DSSE, Rekor v2 dsse 0.0.2, RFC 3161", BundleVersion.V0_3_NEW_MEDIA_TYPE, true, false, true,
            true, s -> s.bundle().inTotoStatementFor("artifact", ARTIFACT, slsa, predicate).tlogKind(TlogKind.DSSE_002)),
        new Scenario("v0.3 message, hashedrekord 0.0.1, with RFC 3161 too", BundleVersion.V0_3, false, false, false, true,
            s -> s.bundle().version(BundleVersion.V0_3).messageSignature(ARTIFACT).withTimestamp(true)),
        new Scenario("npm publish attestation, key-signed, v0.2 dsse 0.0.1", BundleVersion.V0_2, true, true, false, false,
            s -> s.bundle().npmPublishAttestation("@hekate/example", "1.2.3", ARTIFACT)));
  }

  /** The check a tamper must trip in a scenario; empty when the defect is acceptable there. */
  static Optional<CheckId> expected(Tamper tamper, Scenario scenario) {
    CheckId id = switch (tamper) {
      case SIGNATURE -> scenario.dsse() ? CheckId.DSSE_SIGNATURE : CheckId.MESSAGE_SIGNATURE;
      case ARTIFACT -> scenario.dsse() ? CheckId.STATEMENT_SUBJECT : CheckId.ARTIFACT_DIGEST;
      case MESSAGE_DIGEST -> CheckId.ARTIFACT_DIGEST;
      case DSSE_PAYLOAD -> CheckId.DSSE_SIGNATURE;
      case TLOG_BODY_SIGNATURE, TLOG_BODY_KEY -> CheckId.TLOG_ENTRY_BODY;
      case SET_SIGNATURE, INTEGRATED_TIME -> CheckId.TLOG_SET;
      case INCLUSION_PROOF_HASH, ROOT_HASH -> CheckId.TLOG_INCLUSION_PROOF;
      case CHECKPOINT_SIGNATURE, CHECKPOINT_KEY_HINT, CHECKPOINT_ORIGIN -> CheckId.TLOG_CHECKPOINT;
      case UNKNOWN_LOG -> CheckId.TLOG_KEY;
      case CERT_EXPIRED_AT_LOG_TIME, CERT_NOT_YET_VALID -> CheckId.CERTIFICATE_VALIDITY;
      case UNTRUSTED_CA -> CheckId.CERTIFICATE_CHAIN;
      // Real 2023 npm bundles carry leaf, intermediate and root; a chain the trusted root
      // already holds, in issuing order, adds nothing and is accepted.
      case ROOT_IN_CHAIN -> null;
      case SCT_SIGNATURE, NO_SCT, UNTRUSTED_CT_LOG -> CheckId.CERTIFICATE_SCT;
      // A timestamp that does not verify is set aside (timestamp.rfc3161 WARNING, naming it), as the
      // reference clients do: the bundle then stands on its other verified times, and fails the
      // threshold where there are none (Rekor v2 entries carry no signed time).
      case TSA_IMPRINT, UNTRUSTED_TSA -> scenario.rekorV2() ? CheckId.TIMESTAMP_THRESHOLD : null;
      case NO_INCLUSION_PROOF -> scenario.version() == BundleVersion.V0_1 ? null : CheckId.BUNDLE_TLOG_ENTRIES;
      case NO_SET -> scenario.version() == BundleVersion.V0_1 ? CheckId.BUNDLE_TLOG_ENTRIES
          : scenario.timestamp() ? null : CheckId.TIMESTAMP_THRESHOLD;
      case NO_TLOG_ENTRY, DUPLICATE_TLOG_ENTRY -> CheckId.BUNDLE_TLOG_ENTRIES;
      case WRONG_SAN -> CheckId.IDENTITY_SAN;
      case WRONG_ISSUER -> CheckId.IDENTITY_ISSUER;
      case NPM_KEY_OUTSIDE_VALIDITY -> CheckId.PUBLIC_KEY;
      case WRONG_MEDIA_TYPE -> CheckId.BUNDLE_MEDIA_TYPE;
      case EMPTY_CHAIN -> CheckId.BUNDLE_VERIFICATION_MATERIAL;
    };
    return Optional.ofNullable(id);
  }

  /**
   * The kind a tamper's failure must have: MISMATCH where the defect makes two values disagree
   * (and the result then carries both), INVALID where the evidence does not hold or is malformed.
   */
  static FailureKind expectedKind(Tamper tamper) {
    return switch (tamper) {
      case ARTIFACT, MESSAGE_DIGEST, TLOG_BODY_SIGNATURE, TLOG_BODY_KEY, INCLUSION_PROOF_HASH, ROOT_HASH,
          CHECKPOINT_ORIGIN, UNKNOWN_LOG, WRONG_SAN, WRONG_ISSUER, NPM_KEY_OUTSIDE_VALIDITY,
          CERT_EXPIRED_AT_LOG_TIME, CERT_NOT_YET_VALID -> FailureKind.MISMATCH;
      case SIGNATURE, DSSE_PAYLOAD, SET_SIGNATURE, INTEGRATED_TIME, CHECKPOINT_SIGNATURE, CHECKPOINT_KEY_HINT,
          UNTRUSTED_CA, ROOT_IN_CHAIN, SCT_SIGNATURE, NO_SCT, UNTRUSTED_CT_LOG, TSA_IMPRINT, UNTRUSTED_TSA,
          NO_INCLUSION_PROOF,
          NO_SET, NO_TLOG_ENTRY, DUPLICATE_TLOG_ENTRY, WRONG_MEDIA_TYPE, EMPTY_CHAIN -> FailureKind.INVALID;
    };
  }

  /**
   * Every long-lived key of the fake Sigstore verifies often enough before the tampers run that
   * {@link Ecdsa} checks it through its precomputed tables: the catalogue then exercises the path
   * a warm service takes (cold keys take Bouncy Castle's, as in every test with a fresh Sigstore).
   */
  @BeforeAll
  static void warmUpTheLongLivedKeys() throws Exception {
    for (int i = 0; i <= 2 * Ecdsa.PROMOTE_AFTER; i++) {
      for (Scenario scenario : scenarios()) {
        VerificationResult result = verify(scenario.builder().apply(SIGSTORE).build());
        assertTrue(result.verified(), scenario.name() + ": " + result.firstFailure());
      }
    }
    for (PublicKey key : List.of(SIGSTORE.ca().intermediateCertificate().getPublicKey(), SIGSTORE.ctLog().publicKey(),
        SIGSTORE.rekorV1().publicKey(), SIGSTORE.npmKey().publicKey())) {
      assertTrue(Ecdsa.shared().hasTable(key), "no table for " + key);
    }
  }

  @TestFactory
  Stream<DynamicContainer> eachDefectFailsWithItsOwnCheck() {
    return scenarios().stream().map(scenario -> {
      List<DynamicTest> tests = new ArrayList<>();
      tests.add(DynamicTest.dynamicTest("untouched: verified", () -> {
        VerificationResult result = verify(scenario.builder().apply(SIGSTORE).build());
        assertTrue(result.verified(), String.valueOf(result.firstFailure()));
      }));
      for (Tamper tamper : Tamper.values()) {
        FakeBundle bundle;
        try {
          bundle = scenario.builder().apply(SIGSTORE).tamper(tamper).build();
        } catch (IllegalArgumentException notApplicable) {
          continue; // e.g. MESSAGE_DIGEST on a DSSE bundle, SET tampers on Rekor v2
        }
        Optional<CheckId> expected = expected(tamper, scenario);
        tests.add(DynamicTest.dynamicTest(tamper + " → " + expected.map(CheckId::wireName).orElse("verified"), () -> {
          EXERCISED.add(tamper);
          VerificationResult result = verify(bundle);
          boolean timestampSetAside = tamper == Tamper.TSA_IMPRINT || tamper == Tamper.UNTRUSTED_TSA;
          if (timestampSetAside) {
            CheckResult timestamp = result.checks().stream().filter(c -> c.id() == CheckId.TIMESTAMP_RFC3161)
                .findFirst().orElseThrow();
            assertEquals(Outcome.WARNING, timestamp.outcome(), timestamp.toString());
            assertTrue(timestamp.detail().startsWith("0 of 1 timestamp(s) verified; set aside: timestamp 1: "
                + (tamper == Tamper.TSA_IMPRINT ? "imprint: " : "signer certificate: ")), timestamp.detail());
          }
          if (expected.isEmpty()) {
            assertTrue(result.verified(), String.valueOf(result.firstFailure()));
            return;
          }
          CheckResult failure = result.firstFailure().orElseThrow(() -> new AssertionError("verified despite " + tamper));
          assertEquals(expected.get(), failure.id(), failure.toString());
          assertEquals(Optional.of(expectedKind(tamper)), failure.kind(), failure.toString());
          if (failure.kind().orElseThrow() == FailureKind.MISMATCH) {
            assertTrue(failure.expected().isPresent() && failure.actual().isPresent(), failure.toString());
          }
          for (CheckResult check : result.checks()) {
            if (check == failure) {
              break;
            }
            assertEquals(timestampSetAside && check.id() == CheckId.TIMESTAMP_RFC3161 ? Outcome.WARNING : Outcome.PASSED,
                check.outcome(), "a check before the failure: " + check);
          }
          assertTrue(result.internalError().isEmpty(), String.valueOf(result.internalError()));
        }));
      }
      return DynamicContainer.dynamicContainer(scenario.name(), tests);
    });
  }

  @AfterAll
  static void everyTamperWasExercised() {
    if (!EXERCISED.isEmpty()) {
      assertEquals(EnumSet.allOf(Tamper.class), EXERCISED, "tampers no scenario could express");
    }
  }

  private static VerificationResult verify(FakeBundle bundle) throws VerificationException {
    BundleVerifier verifier = new BundleVerifier(TrustedRootParser.parse(bundle.trustedRootJson()));
    Policy policy = bundle.publicKeyPem().isPresent()
        ? Policy.trustedKeys(TrustedKeys.parse(bundle.npmKeysJson()), TrustedKeys.NPM_ATTESTATIONS)
        : Policy.identity(IdentityPolicy.exact(bundle.expectedIdentity(), bundle.expectedIssuer()));
    return verifier.verify(bundle.json(), Artifact.ofBytes(bundle.artifact()), policy);
  }
}
