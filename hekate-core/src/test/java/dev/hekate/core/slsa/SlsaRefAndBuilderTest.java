package dev.hekate.core.slsa;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.FailureKind;
import dev.hekate.core.result.VerificationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versioned tags, builder ids and refs as slsa-verifier compares them, on hand-made provenance. */
class SlsaRefAndBuilderTest {

  private static Provenance tagBuild(String tag) throws Exception {
    JsonNode env = Json.mapper().readTree("{\"github_ref_type\":\"tag\",\"github_ref\":\"refs/tags/" + tag
        + "\",\"github_base_ref\":\"\",\"github_event_name\":\"push\",\"github_event_payload\":{\"base_ref\":null}}");
    return new Provenance(Provenance.V02, "https://github.com/slsa-framework/slsa-github-generator/generic@v1",
        "", "", "", List.of(), env, false);
  }

  @Test
  void versionedTagComparesOnlyTheGivenParts() throws Exception {
    assertDoesNotThrow(() -> RefMatcher.verifyVersionedTag(tagBuild("v14.2"), "v14"));
    assertDoesNotThrow(() -> RefMatcher.verifyVersionedTag(tagBuild("v14"), "v14.0"));
    assertDoesNotThrow(() -> RefMatcher.verifyVersionedTag(tagBuild("v13.0.30"), "v13.0.30"));
    for (String wrong : List.of("v14.2.1", "v14.1", "v15", "v13")) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> RefMatcher.verifyVersionedTag(tagBuild("v14.2"), wrong), wrong);
      assertEquals(CheckId.SLSA_TAG, e.check());
      assertEquals(FailureKind.MISMATCH, e.kind());
    }
    assertEquals(FailureKind.INVALID, assertThrows(VerificationException.class,
        () -> RefMatcher.verifyVersionedTag(tagBuild("v14.2"), "14")).kind());
  }

  @Test
  void tagBuildHasNoBranchUnlessItsPayloadNamesOne() throws Exception {
    VerificationException e = assertThrows(VerificationException.class,
        () -> RefMatcher.verifyBranch(tagBuild("v1.0.0"), "main"));
    assertEquals(CheckId.SLSA_BRANCH, e.check());
  }

  @Test
  void builderIdsMatchLooselyWithOrWithoutTheirRef() throws Exception {
    BuilderId trusted = BuilderId.parse("https://x/b.yml@refs/tags/v2.1.0", true);
    assertTrue(trusted.matchesLoose(BuilderId.parse("https://x/b.yml", false)));
    assertTrue(trusted.matchesLoose(BuilderId.parse("https://x/b.yml@v2.1.0", false)));
    assertTrue(trusted.matchesLoose(BuilderId.parse("https://x/b.yml@refs/tags/v2.1.0", false)));
    assertFalse(trusted.matchesLoose(BuilderId.parse("https://x/b.yml@v2.0.0", false)));
    assertFalse(trusted.matchesLoose(BuilderId.parse("https://x/c.yml", false)));
    assertFalse(BuilderId.parse("https://x/b.yml", false).matchesFull(trusted));
    assertThrows(VerificationException.class, () -> BuilderId.parse("https://x/b.yml@", false));
    assertThrows(VerificationException.class, () -> BuilderId.parse("a@b@c", false));
  }

  @Test
  void semverFollowsGoRules() {
    assertTrue(Semver.isValid("v1"));
    assertTrue(Semver.isValid("v1.2.3-rc.1+build"));
    assertFalse(Semver.isValid("v1.2-rc"));
    assertFalse(Semver.isValid("v01.2.3"));
    assertEquals("v1.2.0", Semver.canonical("v1.2").orElseThrow());
    assertEquals("v1.2.3-rc.1", Semver.canonical("v1.2.3-rc.1+b").orElseThrow());
  }
}
