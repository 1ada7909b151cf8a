package dev.hekate.testdata.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.testdata.FakeSigstore;
import java.security.MessageDigest;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attack builds in every bundle generation, and the package the registry then serves has
 * exactly the defect the attack names, read back over HTTP and checked independently.
 */
class NpmAttackTest {

  private static final FakeSigstore SIGSTORE = FakeSigstore.create();
  private static final String PUBLISH = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";
  private static final String SLSA_V1 = "https://slsa.dev/provenance/v1";

  static Stream<Arguments> attacks() {
    List<Arguments> all = new ArrayList<>();
    for (NpmAttack attack : NpmAttack.values()) {
      for (BundleGeneration generation : BundleGeneration.values()) {
        all.add(Arguments.of(attack, generation));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("attacks")
  void eachAttackServesItsDefect(NpmAttack attack, BundleGeneration generation) throws Exception {
    String name = "@victim/" + attack.name().toLowerCase(Locale.ROOT).replace('_', '-');
    try (FakeRegistry registry = FakeRegistry.start()) {
      NpmAttack.AttackedPackage a = attack.publish(registry, SIGSTORE, name, generation);
      assertEquals(name, a.name());
      assertEquals(attack.expected(), a.expected());
      assertFalse(a.check().isEmpty());
      Served s = Served.fetch(registry, name, a.version());
      assertEquals(a.version(), s.packument().at("/dist-tags/latest").asText());
      GeneratedPackage honest = a.honest();
      JsonNode provenance = s.entryLabelled(SLSA_V1);
      JsonNode publish = s.entryLabelled(PUBLISH);

      switch (attack) {
        case TAMPERED_TARBALL -> {
          assertEquals(honest.integrity(), s.integrity());
          assertNotEquals(s.integrity(), Served.sri(s.tarball()));
          assertEquals(s.integrity(), Served.subjectSri(Served.statement(provenance)));
        }
        case REGISTRY_INTEGRITY_DIFFERS -> {
          assertEquals(s.integrity(), Served.sri(s.tarball()));
          assertNotEquals(s.integrity(), Served.subjectSri(Served.statement(provenance)));
          assertNotEquals(s.integrity(), Served.subjectSri(Served.statement(publish)));
          assertEquals(honest.integrity(), Served.subjectSri(Served.statement(provenance)));
        }
        case ATTESTATIONS_SWAPPED -> {
          assertEquals(s.integrity(), Served.sri(s.tarball()));
          for (JsonNode entry : List.of(provenance, publish)) {
            assertEquals("pkg:npm/%40victim/attestations-swapped-other@1.0.0",
                Served.statement(entry).at("/subject/0/name").asText());
          }
        }
        case PUBLISH_MISSING -> {
          assertEquals(1, s.attestations().path("attestations").size());
          assertTrue(publish.isMissingNode());
          assertEquals(SLSA_V1, Served.statement(provenance).path("predicateType").asText());
        }
        case PROVENANCE_MISSING -> {
          assertEquals(1, s.attestations().path("attestations").size());
          assertTrue(provenance.isMissingNode());
          assertTrue(s.manifest().at("/dist/attestations/provenance").isMissingNode());
        }
        case NO_ATTESTATIONS -> {
          assertEquals(404, s.attestationsStatus());
          assertTrue(s.manifest().at("/dist/attestations").isMissingNode());
        }
        case TLOG_ENTRY_REMOVED -> {
          assertEquals(0, provenance.at("/bundle/verificationMaterial/tlogEntries").size());
          assertEquals(1, publish.at("/bundle/verificationMaterial/tlogEntries").size());
        }
        case TLOG_ENTRY_EDITED -> {
          JsonNode entry = provenance.at("/bundle/verificationMaterial/tlogEntries/0");
          JsonNode genuine = Http.json(honest.provenance().json()).at("/verificationMaterial/tlogEntries/0");
          assertNotEquals(genuine.path("canonicalizedBody"), entry.path("canonicalizedBody"));
          assertEquals(genuine.path("inclusionPromise"), entry.path("inclusionPromise"), "SET not re-signed");
          assertEquals(genuine.path("inclusionProof"), entry.path("inclusionProof"), "proof not recomputed");
          JsonNode body = Http.json(Base64.getDecoder().decode(entry.path("canonicalizedBody").asText()));
          byte[] payload = Base64.getDecoder().decode(provenance.at("/bundle/dsseEnvelope/payload").asText());
          String payloadHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
          assertFalse(body.toString().contains(payloadHash), "the body no longer names the payload");
        }
        case CERT_FROM_OTHER_PACKAGE -> {
          X509Certificate leaf = honest.provenance().certificate().orElseThrow();
          leaf.verify(SIGSTORE.ca().intermediateCertificate().getPublicKey());
          String san = (String) leaf.getSubjectAlternativeNames().iterator().next().get(1);
          assertTrue(san.startsWith("https://github.com/victim/cert-from-other-package-other/"), san);
          assertEquals("https://github.com/victim/cert-from-other-package", Served.statement(provenance)
              .at("/predicate/buildDefinition/externalParameters/workflow/repository").asText());
          assertEquals(s.integrity(), Served.subjectSri(Served.statement(provenance)));
        }
        case ATTACKER_SIGNED_ENVELOPE -> {
          X509Certificate leaf = honest.provenance().certificate().orElseThrow();
          assertEquals(SIGSTORE.ca().intermediateCertificate().getSubjectX500Principal(),
              leaf.getIssuerX500Principal(), "same names");
          assertThrows(SignatureException.class,
              () -> leaf.verify(SIGSTORE.ca().intermediateCertificate().getPublicKey()), "other key");
        }
        case LATER_VERSION_WITHOUT_PROVENANCE -> {
          assertEquals("1.2.0", a.version());
          assertEquals(404, s.attestationsStatus());
          for (String earlier : List.of("1.0.0", "1.1.0")) {
            Served e = Served.fetch(registry, name, earlier);
            assertEquals(200, e.attestationsStatus(), earlier);
            assertEquals(e.integrity(), Served.subjectSri(Served.statement(e.entryLabelled(SLSA_V1))));
          }
          JsonNode time = s.packument().path("time");
          assertTrue(time.path("1.0.0").asText().compareTo(time.path("1.1.0").asText()) < 0);
          assertTrue(time.path("1.1.0").asText().compareTo(time.path("1.2.0").asText()) < 0);
          assertTrue(attack.regression());
        }
        case REPOSITORY_MISMATCH -> {
          JsonNode statement = Served.statement(provenance);
          assertNotEquals(statement.at("/predicate/buildDefinition/resolvedDependencies/0/digest/gitCommit").asText(),
              s.manifest().path("gitHead").asText());
          assertEquals("git+https://github.com/hekate-attacker/repository-mismatch.git",
              s.manifest().at("/repository/url").asText());
          assertEquals(s.integrity(), Served.sri(s.tarball()));
          assertEquals(s.integrity(), Served.subjectSri(statement));
        }
        case PLATFORM_SWAPPED -> {
          JsonNode gitLab = s.entryLabelled("https://slsa.dev/provenance/v0.2");
          JsonNode statement = Served.statement(gitLab);
          assertEquals("https://github.com/npm/cli/gitlab/v0alpha1", statement.at("/predicate/buildType").asText());
          assertEquals("https://github.com/victim/platform-swapped",
              statement.at("/predicate/invocation/parameters/CI_PROJECT_URL").asText());
          assertEquals("v1.0.0", statement.at("/predicate/invocation/parameters/CI_COMMIT_TAG").asText());
          X509Certificate leaf = honest.provenance().certificate().orElseThrow();
          String san = (String) leaf.getSubjectAlternativeNames().iterator().next().get(1);
          assertEquals("https://github.com/victim/platform-swapped/.github/workflows/pr-target.yml@refs/pull/42/merge", san);
          assertEquals(s.integrity(), Served.subjectSri(statement));
        }
        case REPOSITORY_RECREATED -> {
          assertEquals("1.1.0", a.version());
          JsonNode github = Served.statement(provenance).at("/predicate/buildDefinition/internalParameters/github");
          assertEquals("", github.path("repository_id").asText());
          assertEquals("", github.path("repository_owner_id").asText());
          Served before = Served.fetch(registry, name, "1.0.0");
          assertEquals(200, before.attestationsStatus());
          assertFalse(Served.statement(before.entryLabelled(SLSA_V1))
              .at("/predicate/buildDefinition/internalParameters/github/repository_id").asText().isEmpty());
          assertEquals(List.of("repository_id_changed", "owner_id_changed"), attack.findings());
        }
        case NEW_MAJOR_WITHOUT_PROVENANCE -> {
          assertEquals("2.0.0", a.version());
          assertEquals(404, s.attestationsStatus());
          assertEquals(200, Served.fetch(registry, name, "1.0.0").attestationsStatus());
        }
        case OLD_LINE_WITHOUT_PROVENANCE -> {
          assertEquals("0.2.0", a.version());
          assertEquals(404, s.attestationsStatus());
          assertEquals(404, Served.fetch(registry, name, "0.1.0").attestationsStatus());
          assertEquals(200, Served.fetch(registry, name, "1.0.0").attestationsStatus());
          JsonNode time = s.packument().path("time");
          assertTrue(time.path("0.1.0").asText().compareTo(time.path("1.0.0").asText()) < 0);
          assertTrue(time.path("1.0.0").asText().compareTo(time.path("0.2.0").asText()) < 0);
        }
        case TRUSTED_PUBLISHING_DROPPED -> {
          assertTrue(s.manifest().at("/_npmUser/trustedPublisher").isMissingNode());
          assertFalse(Served.fetch(registry, name, "1.0.0").manifest().at("/_npmUser/trustedPublisher").isMissingNode());
          assertEquals(s.integrity(), Served.subjectSri(Served.statement(provenance)));
        }
        case NEW_MAJOR_FROM_OTHER_REPOSITORY -> {
          assertEquals("2.0.0", a.version());
          String san = (String) honest.provenance().certificate().orElseThrow().getSubjectAlternativeNames()
              .iterator().next().get(1);
          assertTrue(san.startsWith("https://github.com/hekate-attacker/evil/"), san);
          assertEquals(200, Served.fetch(registry, name, "1.0.0").attestationsStatus());
        }
        case TRUST_AND_PROVENANCE_DROPPED -> {
          assertEquals(404, s.attestationsStatus());
          assertTrue(s.manifest().at("/_npmUser/trustedPublisher").isMissingNode());
          assertFalse(Served.fetch(registry, name, "1.0.0").manifest().at("/_npmUser/trustedPublisher").isMissingNode());
        }
        case ADVERTISED_NOT_SERVED -> {
          assertEquals(404, s.attestationsStatus());
          assertEquals(SLSA_V1, s.manifest().at("/dist/attestations/provenance/predicateType").asText());
        }
        case DISPATCHED_FROM_BRANCH, PULL_REQUEST_TARGET_BUILD -> {
          boolean dispatch = attack == NpmAttack.DISPATCHED_FROM_BRANCH;
          String ref = dispatch ? "refs/heads/main" : "refs/pull/42/merge";
          assertEquals("1.1.0", a.version());
          JsonNode definition = Served.statement(provenance).at("/predicate/buildDefinition");
          assertEquals(dispatch ? "workflow_dispatch" : "pull_request_target",
              definition.at("/internalParameters/github/event_name").asText());
          assertEquals(ref, definition.at("/externalParameters/workflow/ref").asText());
          assertEquals(".github/workflows/release.yml", definition.at("/externalParameters/workflow/path").asText());
          X509Certificate leaf = honest.provenance().certificate().orElseThrow();
          String san = (String) leaf.getSubjectAlternativeNames().iterator().next().get(1);
          assertEquals(GeneratedNpm.repositoryOf(name) + "/.github/workflows/release.yml@" + ref, san);
          JsonNode before = Served.statement(Served.fetch(registry, name, "1.0.0").entryLabelled(SLSA_V1))
              .at("/predicate/buildDefinition");
          assertEquals("push", before.at("/internalParameters/github/event_name").asText());
          assertEquals("refs/tags/v1.0.0", before.at("/externalParameters/workflow/ref").asText());
          assertEquals(s.integrity(), Served.subjectSri(Served.statement(provenance)));
        }
        case CHANGE_BEHIND_UNVERIFIABLE -> {
          assertEquals("1.2.0", a.version());
          assertEquals("https://github.com/hekate-attacker/evil", Served.statement(provenance)
              .at("/predicate/buildDefinition/externalParameters/workflow/repository").asText());
          Served unverifiable = Served.fetch(registry, name, "1.1.0");
          assertEquals(0, unverifiable.entryLabelled(SLSA_V1).at("/bundle/verificationMaterial/tlogEntries").size());
          Served first = Served.fetch(registry, name, "1.0.0");
          assertEquals(GeneratedNpm.repositoryOf(name), Served.statement(first.entryLabelled(SLSA_V1))
              .at("/predicate/buildDefinition/externalParameters/workflow/repository").asText());
          JsonNode time = s.packument().path("time");
          assertTrue(time.path("1.0.0").asText().compareTo(time.path("1.1.0").asText()) < 0);
          assertTrue(time.path("1.1.0").asText().compareTo(time.path("1.2.0").asText()) < 0);
        }
        case GITLAB_CLAIMS_DIFFER -> {
          JsonNode parameters = Served.statement(s.entryLabelled("https://slsa.dev/provenance/v0.2"))
              .at("/predicate/invocation/parameters");
          assertEquals("v1.0.0", parameters.path("CI_COMMIT_TAG").asText());
          assertEquals("51234567", parameters.path("CI_PROJECT_ID").asText());
          assertEquals("push", parameters.path("CI_PIPELINE_SOURCE").asText());
          X509Certificate leaf = honest.provenance().certificate().orElseThrow();
          String san = (String) leaf.getSubjectAlternativeNames().iterator().next().get(1);
          assertEquals("https://gitlab.com/victim/gitlab-claims-differ//.gitlab-ci.yml@refs/heads/feature", san);
          assertEquals("71234567", extension(leaf, "1.3.6.1.4.1.57264.1.15"));
          assertEquals("merge_request_event", extension(leaf, "1.3.6.1.4.1.57264.1.20"));
        }
        case APPROVAL_DROPPED -> {
          assertEquals("1.1.0", a.version());
          assertTrue(s.manifest().at("/_npmUser/approver").isMissingNode());
          assertEquals("hekate-maintainer",
              Served.fetch(registry, name, "1.0.0").manifest().at("/_npmUser/approver/name").asText());
          assertEquals(s.integrity(), Served.subjectSri(Served.statement(provenance)));
        }
        case PREDICATE_TYPE_MISLABELLED -> {
          assertEquals(PUBLISH, Served.statement(provenance).path("predicateType").asText());
          assertEquals(SLSA_V1, Served.statement(publish).path("predicateType").asText());
        }
      }
      assertEquals(java.util.Set.of(NpmAttack.LATER_VERSION_WITHOUT_PROVENANCE, NpmAttack.NEW_MAJOR_WITHOUT_PROVENANCE,
          NpmAttack.OLD_LINE_WITHOUT_PROVENANCE, NpmAttack.TRUSTED_PUBLISHING_DROPPED, NpmAttack.ADVERTISED_NOT_SERVED,
          NpmAttack.TRUST_AND_PROVENANCE_DROPPED)
          .contains(attack), attack.regression());
    }
  }

  /** A Fulcio extension's value: a DER UTF8String inside the extension's OCTET STRING. */
  private static String extension(X509Certificate leaf, String oid) {
    byte[] octets = leaf.getExtensionValue(oid);
    // OCTET STRING (04 len) wrapping UTF8String (0c len value); the values here are short.
    return new String(octets, 4, octets[3], java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theHonestStartingPointIsServedUnchangedWhereTheAttackDoesNotTouchIt() {
    try (FakeRegistry registry = FakeRegistry.start()) {
      NpmAttack.AttackedPackage a = NpmAttack.TAMPERED_TARBALL.publish(registry, SIGSTORE, "plain");
      Served s = Served.fetch(registry, "plain", a.version());
      assertEquals(Http.json(a.honest().attestations()), s.attestations());
      assertEquals(a.honest().gitHead(), s.manifest().path("gitHead").asText());
      assertFalse(Arrays.equals(a.honest().tarball(), s.tarball()));
      assertArrayEquals(a.honest().tarball(), GeneratedNpm.tarball("plain", a.version()));
    }
  }

  @Test
  void everyAttackNamesACheck() {
    for (NpmAttack attack : NpmAttack.values()) {
      assertFalse(attack.breaks().isEmpty(), attack.name());
      assertTrue(attack.check().matches("[a-z]+\\.[a-z_]+.*|findings: [a-z_]+(, [a-z_]+)*"), attack + ": " + attack.check());
    }
  }
}
