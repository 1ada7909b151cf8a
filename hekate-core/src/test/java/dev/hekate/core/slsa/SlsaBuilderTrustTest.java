package dev.hekate.core.slsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.VerificationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which certificate workflows and provenance builder ids {@link BuilderTrust} accepts, on hand-made inputs. */
class SlsaBuilderTrustTest {
  private static final String GEN = BuilderTrust.GENERATOR;
  private static final String TRW = "https://github.com/slsa-framework/example-trw/.github/workflows/builder_high-perms_slsa3.yml";

  private static Provenance provenance(String buildType, String builderId) {
    return new Provenance(Provenance.V02, buildType, builderId, "", "", List.of(), Json.newObject(), false);
  }

  private static Provenance generic(String builderId) {
    return provenance("https://github.com/slsa-framework/slsa-github-generator/generic@v1", builderId);
  }

  private static FailureKind refused(List<String> sans, Optional<String> expected, Provenance provenance) {
    VerificationException e = assertThrows(VerificationException.class,
        () -> BuilderTrust.verify(sans, BuilderTrust.ISSUER, expected, provenance));
    assertEquals(CheckId.SLSA_BUILDER, e.check());
    return e.kind();
  }

  @Test
  void trustedGeneratorAtAReleaseTag() throws Exception {
    String id = BuilderTrust.GENERIC + "@refs/tags/v2.1.0";
    assertEquals(new BuilderId(BuilderTrust.GENERIC, "refs/tags/v2.1.0"),
        BuilderTrust.verify(List.of(id), BuilderTrust.ISSUER, Optional.of(BuilderTrust.GENERIC + "@v2.1.0"), generic(id)));
  }

  @Test
  void untrustedWorkflowsRefsAndIssuersAreRefused() {
    String id = BuilderTrust.GENERIC + "@refs/tags/v2.1.0";
    assertEquals(FailureKind.MISMATCH, refused(List.of("https://github.com/evil/repo/.github/workflows/x.yml@refs/tags/v1.0.0"),
        Optional.empty(), generic(id)));
    for (String ref : List.of("refs/heads/main", "refs/tags/v2.1", "refs/tags/v2.1.0-rc.1", "refs/tags/v2.1.0+b")) {
      refused(List.of(BuilderTrust.GENERIC + "@" + ref), Optional.empty(), generic(BuilderTrust.GENERIC + "@" + ref));
    }
    assertThrows(VerificationException.class,
        () -> BuilderTrust.verify(List.of(id), "https://accounts.google.com", Optional.empty(), generic(id)));
  }

  @Test
  void provenanceMustNameTheCertificatesBuilderAndBuildType() {
    String id = BuilderTrust.GENERIC + "@refs/tags/v2.1.0";
    refused(List.of(id), Optional.empty(), generic(BuilderTrust.GENERIC + "@refs/tags/v2.0.0"));
    refused(List.of(id), Optional.empty(), generic(BuilderTrust.GO + "@refs/tags/v2.1.0"));
    refused(List.of(id), Optional.empty(), provenance("https://example.com/other@v1", id));
  }

  @Test
  void delegatedBuilderNeedsItsIdUnlessItIsSlsaGithubGenerators() throws Exception {
    List<String> delegator = List.of(BuilderTrust.DELEGATOR + "@refs/tags/v2.1.0");
    Provenance thirdParty = provenance(BuilderTrust.BYOB_BUILD_TYPE, TRW + "@refs/tags/v2.1.0");
    assertEquals(new BuilderId(TRW, "refs/tags/v2.1.0"),
        BuilderTrust.verify(delegator, BuilderTrust.ISSUER, Optional.of(TRW + "@v2.1.0"), thirdParty));
    refused(delegator, Optional.empty(), thirdParty);
    refused(delegator, Optional.of(TRW + "@v2.0.0"), thirdParty);
    refused(delegator, Optional.of(TRW), provenance(BuilderTrust.BYOB_BUILD_TYPE, TRW + "@refs/heads/main"));
    Provenance maven = provenance(BuilderTrust.BYOB_BUILD_TYPE, GEN + "builder_maven_slsa3.yml@refs/tags/v2.1.0");
    assertEquals(GEN + "builder_maven_slsa3.yml", BuilderTrust.verify(
        List.of(BuilderTrust.LOW_PERMS_DELEGATOR + "@refs/tags/v2.1.0"), BuilderTrust.ISSUER, Optional.empty(), maven).name());
  }

  /** JReleaser's builder is released at vX.Y.Z-java tags; slsa-verifier accepts those for it alone. */
  @Test
  void jreleasersBuilderAtItsLanguageTags() throws Exception {
    List<String> delegator = List.of(BuilderTrust.DELEGATOR + "@refs/tags/v1.9.0");
    String jreleaser = "https://github.com/jreleaser/release-action/.github/workflows/builder_slsa3.yml";
    Provenance java = provenance(BuilderTrust.BYOB_BUILD_TYPE, jreleaser + "@refs/tags/v1.1.0-java");
    assertEquals(new BuilderId(jreleaser, "refs/tags/v1.1.0-java"),
        BuilderTrust.verify(delegator, BuilderTrust.ISSUER, Optional.of(jreleaser), java));
    // A third party's builder: its id is still needed.
    refused(delegator, Optional.empty(), java);
    // Only the language tags, only JReleaser's.
    for (String ref : List.of("refs/tags/v1.1.0", "refs/tags/v1.1.0-go", "refs/tags/v1.1.0-java+1",
        "refs/tags/v1.1-java", "refs/heads/v1.1.0-java")) {
      refused(delegator, Optional.of(jreleaser), provenance(BuilderTrust.BYOB_BUILD_TYPE, jreleaser + "@" + ref));
    }
    String lookalike = "https://github.com/jreleaser/release-action-evil/.github/workflows/builder_slsa3.yml";
    refused(delegator, Optional.of(lookalike),
        provenance(BuilderTrust.BYOB_BUILD_TYPE, lookalike + "@refs/tags/v1.1.0-java"));
    // The exception is for the builder the provenance names, never for slsa-github-generator's own workflows.
    refused(delegator, Optional.of(TRW), provenance(BuilderTrust.BYOB_BUILD_TYPE, TRW + "@refs/tags/v1.1.0-java"));
  }
}
