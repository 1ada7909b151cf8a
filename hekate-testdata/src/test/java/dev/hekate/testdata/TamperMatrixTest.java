package dev.hekate.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.testdata.MiniVerifier.Check;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tamper, on every bundle shape it applies to, breaks exactly the check it names in an
 * independent mini verifier, and an untampered bundle of each shape passes every check.
 */
class TamperMatrixTest {

  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final byte[] ARTIFACT = "some release artifact\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TARBALL = "pretend this is a .tgz".getBytes(StandardCharsets.UTF_8);
  private static final String PREDICATE = "{\"buildDefinition\":{\"buildType\":\"https://example.test/v1\"}}";
  private static final Map<Tamper, Integer> APPLIED = new EnumMap<>(Tamper.class);

  /** A named way to start a bundle. */
  record Shape(String name, UnaryOperator<FakeBundleBuilder> setup, boolean messageSignature) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Shape> shapes() {
    return List.of(
        new Shape("v0.3 hashedrekord", b -> b.messageSignature(ARTIFACT), true),
        new Shape("v0.1 chain hashedrekord", b -> b.messageSignature(ARTIFACT).version(BundleVersion.V0_1), true),
        new Shape("v0.2 chain+intermediate hashedrekord+TSA", b -> b.messageSignature(ARTIFACT)
            .version(BundleVersion.V0_2).chainWithIntermediate(true).withTimestamp(true), true),
        new Shape("v0.2 intoto", b -> b.inTotoStatementFor("a.txt", ARTIFACT, "https://slsa.dev/provenance/v1", PREDICATE)
            .version(BundleVersion.V0_2).tlogKind(TlogKind.INTOTO_002), false),
        new Shape("v0.3 dsse", b -> b.inTotoStatementFor("a.txt", ARTIFACT, "https://slsa.dev/provenance/v1", PREDICATE)
            .tlogKind(TlogKind.DSSE_001), false),
        new Shape("rekor2 hashedrekord", b -> b.messageSignature(ARTIFACT).tlogKind(TlogKind.HASHEDREKORD_002), true),
        new Shape("rekor2 hashedrekord over dsse", b -> b.inTotoStatementFor("a.txt", ARTIFACT,
            "https://slsa.dev/provenance/v1", PREDICATE).tlogKind(TlogKind.HASHEDREKORD_002), false),
        new Shape("rekor2 dsse", b -> b.inTotoStatementFor("a.txt", ARTIFACT, "https://slsa.dev/provenance/v1", PREDICATE)
            .tlogKind(TlogKind.DSSE_002), false),
        new Shape("npm publish", b -> b.npmPublishAttestation("@scope/pkg", "1.2.3", TARBALL), false),
        new Shape("npm publish intoto", b -> b.npmPublishAttestation("pkg", "1.0.0", TARBALL)
            .tlogKind(TlogKind.INTOTO_002).version(BundleVersion.V0_1), false),
        new Shape("npm key message rekor2", b -> b.messageSignature(ARTIFACT).signedWithNpmKey()
            .tlogKind(TlogKind.HASHEDREKORD_002), true),
        new Shape("npm provenance", b -> b.npmProvenance("@scope/pkg", "1.2.3", TARBALL), false));
  }

  static Set<Check> expected(Tamper tamper, Shape shape) {
    return switch (tamper) {
      case SIGNATURE, DSSE_PAYLOAD -> EnumSet.of(Check.SIGNATURE);
      case ARTIFACT -> shape.messageSignature()
          ? EnumSet.of(Check.SIGNATURE, Check.MESSAGE_DIGEST, Check.BODY_DIGEST)
          : EnumSet.of(Check.SUBJECT_DIGEST);
      case MESSAGE_DIGEST -> EnumSet.of(Check.MESSAGE_DIGEST);
      case TLOG_BODY_SIGNATURE -> EnumSet.of(Check.BODY_SIGNATURE);
      case TLOG_BODY_KEY -> EnumSet.of(Check.BODY_KEY);
      case SET_SIGNATURE, INTEGRATED_TIME -> EnumSet.of(Check.SET);
      case INCLUSION_PROOF_HASH, ROOT_HASH -> EnumSet.of(Check.PROOF);
      case CHECKPOINT_SIGNATURE -> EnumSet.of(Check.CHECKPOINT_SIGNATURE);
      case CHECKPOINT_KEY_HINT -> EnumSet.of(Check.CHECKPOINT_HINT);
      case CHECKPOINT_ORIGIN -> EnumSet.of(Check.CHECKPOINT_ORIGIN);
      case UNKNOWN_LOG -> EnumSet.of(Check.TLOG_TRUSTED);
      case CERT_EXPIRED_AT_LOG_TIME, CERT_NOT_YET_VALID -> EnumSet.of(Check.CERT_TIME);
      case UNTRUSTED_CA -> EnumSet.of(Check.CERT_CHAIN);
      case ROOT_IN_CHAIN -> EnumSet.of(Check.ROOT_IN_CHAIN);
      case SCT_SIGNATURE -> EnumSet.of(Check.SCT);
      case NO_SCT -> EnumSet.of(Check.SCT_PRESENT);
      case UNTRUSTED_CT_LOG -> EnumSet.of(Check.SCT_LOG_TRUSTED);
      case TSA_IMPRINT -> EnumSet.of(Check.TSA_IMPRINT);
      case UNTRUSTED_TSA -> EnumSet.of(Check.TSA_TRUSTED);
      case NO_INCLUSION_PROOF -> EnumSet.of(Check.PROOF_PRESENT);
      case NO_SET -> EnumSet.of(Check.SET_PRESENT);
      case NO_TLOG_ENTRY -> EnumSet.of(Check.TLOG_PRESENT);
      case DUPLICATE_TLOG_ENTRY -> EnumSet.of(Check.TLOG_DUPLICATE);
      case WRONG_SAN -> EnumSet.of(Check.SAN);
      case WRONG_ISSUER -> EnumSet.of(Check.ISSUER);
      case NPM_KEY_OUTSIDE_VALIDITY -> EnumSet.of(Check.NPM_KEY_TIME);
      case WRONG_MEDIA_TYPE -> EnumSet.of(Check.MEDIA_TYPE);
      case EMPTY_CHAIN -> EnumSet.of(Check.CERT_PRESENT);
    };
  }

  static Stream<Arguments> cases() {
    return shapes().stream().flatMap(s -> Stream.of(Tamper.values()).map(t -> Arguments.of(s, t)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void untamperedBundlePassesEveryCheck(Shape shape) {
    FakeBundle bundle = shape.setup().apply(SIGSTORE.bundle()).build();
    assertEquals(Set.of(), MiniVerifier.failures(bundle), bundle.jsonString());
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("cases")
  void tamperBreaksExactlyItsCheck(Shape shape, Tamper tamper) {
    FakeBundle bundle;
    try {
      bundle = shape.setup().apply(SIGSTORE.bundle()).tamper(tamper).build();
    } catch (IllegalArgumentException notApplicable) {
      return; // e.g. a SET tamper on Rekor v2; FakeSigstoreTest checks these refusals
    }
    synchronized (APPLIED) {
      APPLIED.merge(tamper, 1, Integer::sum);
    }
    assertEquals(expected(tamper, shape), MiniVerifier.failures(bundle), tamper + " on " + shape);
  }

  @AfterAll
  static void everyTamperWasExercised() {
    for (Tamper t : Tamper.values()) {
      assertTrue(APPLIED.getOrDefault(t, 0) > 0, t + " applied to no shape");
    }
  }

  @Test
  void tampersCombine() {
    FakeBundle bundle = SIGSTORE.bundle().messageSignature(ARTIFACT).version(BundleVersion.V0_2)
        .tamper(Tamper.SET_SIGNATURE, Tamper.CHECKPOINT_KEY_HINT, Tamper.WRONG_ISSUER).build();
    assertEquals(EnumSet.of(Check.SET, Check.CHECKPOINT_HINT, Check.ISSUER), MiniVerifier.failures(bundle));
  }
}
