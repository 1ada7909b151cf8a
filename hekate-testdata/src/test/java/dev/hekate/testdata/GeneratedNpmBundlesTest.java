package dev.hekate.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hekate.testdata.registry.BundleGeneration;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.GeneratedNpm;
import dev.hekate.testdata.registry.GeneratedPackage;
import dev.hekate.testdata.registry.NpmAttack;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bundles of generated npm packages, run through the independent {@link MiniVerifier}: the
 * honest ones pass every check in every generation, and the attacks that alter a bundle break the
 * check they name and no other.
 */
class GeneratedNpmBundlesTest {

  private static final FakeSigstore SIGSTORE = FakeSigstore.create();

  /**
   * The mini verifier always asks for an inclusion proof; a v0.1 bundle with a SET is valid
   * without one, so for that generation its only complaint is the absent proof.
   */
  private static Set<MiniVerifier.Check> baseline(BundleGeneration generation) {
    return generation.inclusionProof() ? Set.of() : Set.of(MiniVerifier.Check.PROOF_PRESENT);
  }

  private static Set<MiniVerifier.Check> plus(BundleGeneration generation, MiniVerifier.Check... checks) {
    Set<MiniVerifier.Check> all = EnumSet.noneOf(MiniVerifier.Check.class);
    all.addAll(baseline(generation));
    all.addAll(List.of(checks));
    return all;
  }

  @ParameterizedTest
  @EnumSource(BundleGeneration.class)
  void honestBundlesPassEveryCheck(BundleGeneration generation) {
    GeneratedPackage p = GeneratedNpm.generate(SIGSTORE, "@hekate/ok", "3.1.4", generation);
    assertEquals(baseline(generation), MiniVerifier.failures(p.publish()), "publish");
    assertEquals(baseline(generation), MiniVerifier.failures(p.provenance()), "provenance");
  }

  @ParameterizedTest
  @EnumSource(BundleGeneration.class)
  void attacksOnTheProvenanceBundleBreakOneCheck(BundleGeneration generation) {
    try (FakeRegistry registry = FakeRegistry.start()) {
      // Without an entry there is no proof to miss.
      assertEquals(Set.of(MiniVerifier.Check.TLOG_PRESENT), MiniVerifier.failures(
          NpmAttack.TLOG_ENTRY_REMOVED.publish(registry, SIGSTORE, "a", generation).honest().provenance()));
      assertEquals(plus(generation, MiniVerifier.Check.CERT_CHAIN), MiniVerifier.failures(
          NpmAttack.ATTACKER_SIGNED_ENVELOPE.publish(registry, SIGSTORE, "b", generation).honest().provenance()));
      // Valid as a bundle: only the correlation of certificate and statement can catch it.
      assertEquals(baseline(generation), MiniVerifier.failures(
          NpmAttack.CERT_FROM_OTHER_PACKAGE.publish(registry, SIGSTORE, "c", generation).honest().provenance()));
    }
  }
}
