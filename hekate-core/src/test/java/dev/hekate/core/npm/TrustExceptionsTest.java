package dev.hekate.core.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.json.Limits;
import dev.hekate.core.registry.Dist;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.testdata.FakeSigstore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Matching of trust exceptions, and what an excepted downgrade makes of {@code trust.history}. */
class TrustExceptionsTest {
  private static final FakeSigstore SIGSTORE = FakeSigstore.create();

  private static TrustExceptions parse(String... entries) throws InvalidSpecException {
    return TrustExceptions.parse(List.of(entries));
  }

  @Test
  void aNameExceptsEveryVersionAndAVersionOnlyItself() throws Exception {
    TrustExceptions exceptions = parse("foo", "bar@1.2.3");

    assertTrue(exceptions.match("foo", "1.0.0").isPresent());
    assertTrue(exceptions.match("foo", "2.0.0-beta.1").isPresent());
    assertEquals(Optional.of(PackageSpec.parse("bar@1.2.3")), exceptions.match("bar", "1.2.3"));
    assertTrue(exceptions.match("bar", "1.2.4").isEmpty());
    assertTrue(exceptions.match("bar", "1.2.3-rc.1").isEmpty());
    assertTrue(exceptions.match("bar", "1.2.3+build").isEmpty());
  }

  @Test
  void namesMatchWholeNeverInPart() throws Exception {
    TrustExceptions exceptions = parse("foo", "@scope/pkg@1.0.0");

    assertTrue(exceptions.match("foobar", "1.0.0").isEmpty());
    assertTrue(exceptions.match("fo", "1.0.0").isEmpty());
    assertTrue(exceptions.match("@x/foo", "1.0.0").isEmpty());
    assertTrue(exceptions.match("Foo", "1.0.0").isEmpty());
    assertTrue(exceptions.match("pkg", "1.0.0").isEmpty());
    assertTrue(exceptions.match("@scope/pkg2", "1.0.0").isEmpty());
    assertTrue(exceptions.match("@scope/pkg", "1.0.0").isPresent());
    assertTrue(exceptions.match("@scope/pkg", "1.0.1").isEmpty());
  }

  @Test
  void theExactVersionEntryIsReportedBeforeTheWholeName() throws Exception {
    TrustExceptions exceptions = parse("@scope/pkg", "@scope/pkg@1.0.0");

    assertEquals(Optional.of(PackageSpec.parse("@scope/pkg@1.0.0")), exceptions.match("@scope/pkg", "1.0.0"));
    assertEquals(Optional.of(PackageSpec.parse("@scope/pkg")), exceptions.match("@scope/pkg", "1.0.1"));
  }

  @Test
  void entriesAreValidatedAsPackageSpecs() {
    for (String bad : List.of("", " ", "foo@", "foo@^1.0.0", "foo@latest", "foo@1", "@scope", "@scope/",
        "foo bar", "../foo", "foo,bar", "foo@1.0.0@2", "_foo", "node_modules")) {
      assertThrows(InvalidSpecException.class, () -> parse(bad), bad);
    }
  }

  @Test
  void aListIsCommaSeparatedAndAnEmptyEntryIsAnError() throws Exception {
    assertEquals(List.of("foo", "@s/bar@1.0.0"), TrustExceptions.parseList(" foo , @s/bar@1.0.0 ").texts());
    assertTrue(TrustExceptions.parseList("  ").isEmpty());
    assertThrows(InvalidSpecException.class, () -> TrustExceptions.parseList("foo,,bar"));
    assertThrows(InvalidSpecException.class, () -> TrustExceptions.parseList("foo,"));
  }

  @Test
  void repeatsAreKeptOnceAndTheCountIsBounded() throws Exception {
    assertEquals(List.of("foo", "bar"), parse("foo", "bar", "foo").texts());
    List<String> many = new ArrayList<>(IntStream.rangeClosed(0, Limits.MAX_TRUST_EXCEPTIONS)
        .mapToObj(i -> "p" + i).toList());
    assertThrows(InvalidSpecException.class, () -> TrustExceptions.parse(many));
  }

  @Test
  void plusAndForPackages() throws Exception {
    TrustExceptions all = parse("a", "b@1.0.0").plus(parse("c", "a"));

    assertEquals(List.of("a", "b@1.0.0", "c"), all.texts());
    assertEquals(List.of("b@1.0.0", "c"), all.forPackages(List.of("b", "c", "d")).texts());
  }

  // --- trust.history -----------------------------------------------------------------------

  private static Verdict missingAfterProvenance(String name, TrustExceptions exceptions) throws Exception {
    Dist dist = new Dist(Optional.of("sha512-AAAA"), "", "", Optional.empty(), Optional.empty(), List.of());
    VersionDocument document = new VersionDocument(name, "2.0.0", dist, Optional.empty(), Optional.empty(),
        Optional.empty());
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    return verifier.verify(new NpmVerifier.Input(name, "2.0.0", document, Optional.of(Instant.parse("2026-01-02T00:00:00Z")),
        Optional.empty(), Optional.empty(), new TrustHistory.Placed(TrustTier.PROVENANCE, Optional.of("1.0.0")),
        Predecessor.NOT_LOOKED, RegistryKeys.NOT_ASKED, exceptions));
  }

  private static Outcome trustHistory(Verdict verdict) {
    return verdict.checks().stream().filter(c -> c.result().id() == CheckId.TRUST_HISTORY).findFirst()
        .orElseThrow().result().outcome();
  }

  private static List<FindingType> findings(Verdict verdict) {
    return verdict.findings().stream().map(Finding::type).toList();
  }

  @Test
  void anExceptedDowngradeIsPassedWithItsFindingAndNoRegression() throws Exception {
    Verdict verdict = missingAfterProvenance("@scope/pkg", parse("@scope/pkg@2.0.0"));

    assertEquals(Status.MISSING, verdict.status());
    assertFalse(verdict.regression());
    assertEquals(Outcome.PASSED, trustHistory(verdict));
    assertEquals(List.of(FindingType.TRUST_DOWNGRADE_EXCEPTED), findings(verdict));
    Finding excepted = verdict.findings().get(0);
    assertEquals(Optional.of("provenance (1.0.0)"), excepted.expected());
    assertEquals(Optional.of("none"), excepted.actual());
    assertEquals(Optional.of(TrustTier.NONE), verdict.tier());
  }

  @Test
  void anExceptionForAnotherVersionOrNameChangesNothing() throws Exception {
    for (TrustExceptions other : List.of(TrustExceptions.NONE, parse("@scope/pkg@1.0.0"), parse("@scope/pk"),
        parse("pkg"), parse("@scope/pkg2"))) {
      Verdict verdict = missingAfterProvenance("@scope/pkg", other);

      assertTrue(verdict.regression(), other.texts().toString());
      assertEquals(Outcome.WARNING, trustHistory(verdict));
      assertEquals(List.of(FindingType.TRUST_DOWNGRADE, FindingType.PROVENANCE_REGRESSION), findings(verdict));
    }
  }

  @Test
  void anExceptionWithoutADowngradeChangesNothing() throws Exception {
    Dist dist = new Dist(Optional.of("sha512-AAAA"), "", "", Optional.empty(), Optional.empty(), List.of());
    VersionDocument document = new VersionDocument("foo", "1.0.0", dist, Optional.empty(), Optional.empty(),
        Optional.empty());
    NpmVerifier verifier = new NpmVerifier(TrustedRootParser.parse(SIGSTORE.trustedRootJson()),
        TrustedKeys.parse(SIGSTORE.npmKeysJson()));
    NpmVerifier.Input input = new NpmVerifier.Input("foo", "1.0.0", document, Optional.empty(), Optional.empty(),
        Optional.empty(), TrustHistory.NONE, Optional.empty(), RegistryKeys.NOT_ASKED);

    Verdict without = verifier.verify(input);
    Verdict with = verifier.verify(input.withTrustExceptions(parse("foo")));

    assertEquals(VerdictJson.toJson(without), VerdictJson.toJson(with));
    assertEquals(Outcome.PASSED, trustHistory(with));
    assertTrue(with.findings().isEmpty());
  }
}
