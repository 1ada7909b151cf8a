package dev.hekate.core.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.verify.VerifiedBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code npm.attestations}: which of the registry's attestations is the publish attestation and
 * which the SLSA provenance — by predicate type, never by position. A response that labels a
 * known statement as another type, holds two of a kind, or neither, is refused (INVALID). No
 * response (the registry has no attestations) or no provenance is MISSING, not a failure — unless
 * the packument advertises one, which is the registry contradicting itself: FAILED. After
 * both bundles verified, {@link #confirm} checks each label against the type its signed
 * statement really has. Decides the {@code unknown_attestation} finding.
 */
final class AttestationSelection {
  private AttestationSelection() {}

  /** An attestation as selected, with its DSSE payload as parsed to read the type it signs. */
  record Attestation(String declaredType, JsonNode bundle, InTotoStatement.Parse payload) {}

  /** The response's attestations, by kind; at least one is present. */
  record Selected(Optional<Attestation> publish, Optional<Attestation> provenance) {}

  /** @return the selection, or empty when the response is absent or refused (recorded either way) */
  static Optional<Selected> select(Optional<byte[]> response, VerdictBuilder verdict) {
    if (response.isEmpty()) {
      noProvenance("the registry has no attestations for this version (404)",
          "the registry has no attestations for this version: no CI build vouches for it", verdict);
      return Optional.empty();
    }
    try {
      return Optional.of(parse(response.get(), verdict));
    } catch (JsonFormatException e) {
      verdict.run(CheckId.NPM_ATTESTATIONS, "", () -> {
        throw VerificationException.invalid(CheckId.NPM_ATTESTATIONS, e.getMessage());
      });
      return Optional.empty();
    }
  }

  private static Selected parse(byte[] response, VerdictBuilder verdict) throws JsonFormatException {
    JsonNode root = Json.parse(response, Limits.MAX_ATTESTATIONS_BYTES, "attestations response");
    JsonNode array = Json.array(root, "attestations", "response");
    if (array.size() > Limits.MAX_ATTESTATIONS) {
      throw new JsonFormatException("the response holds " + array.size() + " attestations, over the limit of "
          + Limits.MAX_ATTESTATIONS);
    }
    List<Attestation> publish = new ArrayList<>();
    List<Attestation> provenance = new ArrayList<>();
    for (JsonNode entry : array) {
      String type = Json.string(entry, "predicateType", "attestation");
      JsonNode bundle = Json.object(entry, "bundle", "attestation");
      InTotoStatement.Parse payload = signedPayload(bundle);
      String signed = payload.valid().map(InTotoStatement::predicateType).orElse("");
      // A label Hekate does not know is fine for an attestation it does not know; a known
      // statement under another label is a mislabelled response. Checked again on the verified
      // statements (confirm); refusing here names the real problem.
      if ((Predicates.isKnown(type) || Predicates.isKnown(signed)) && !signed.equals(type)) {
        throw new JsonFormatException("the response labels a " + signed + " statement as " + type);
      }
      switch (type) {
        case Predicates.NPM_PUBLISH -> publish.add(new Attestation(type, bundle, payload));
        case Predicates.SLSA_V02, Predicates.SLSA_V1 -> provenance.add(new Attestation(type, bundle, payload));
        default -> verdict.finding(Finding.of(FindingType.UNKNOWN_ATTESTATION,
            "the response holds an attestation Hekate does not know", "", type));
      }
    }
    if (publish.size() > 1 || provenance.size() > 1) {
      throw new JsonFormatException("the response holds " + publish.size() + " publish attestations and "
          + provenance.size() + " provenances; npm serves one of each");
    }
    if (publish.isEmpty() && provenance.isEmpty()) {
      throw new JsonFormatException("the response holds neither a publish attestation nor a provenance");
    }
    return new Selected(publish.stream().findFirst(), provenance.stream().findFirst());
  }

  /** The (not yet verified) DSSE payload, parsed: its statement names the predicate type it signs. */
  private static InTotoStatement.Parse signedPayload(JsonNode bundle) {
    byte[] payload = Encoding.base64(bundle.at("/dsseEnvelope/payload").asText()).orElse(new byte[0]);
    return InTotoStatement.Parse.of(bundle.at("/dsseEnvelope/payloadType").asText(), payload);
  }

  /**
   * No provenance: MISSING — unless the packument advertises one ({@code dist.attestations.provenance}),
   * in which case the registry contradicts itself, which is FAILED (mismatch) and counts as a
   * downgrade: "the registry lost it" is not "there never was one".
   */
  static void noProvenance(String served, String missingDetail, VerdictBuilder verdict) {
    Optional<String> advertised = verdict.input().document().dist().provenancePredicateType();
    if (advertised.isEmpty()) {
      verdict.missing(missingDetail);
      return;
    }
    verdict.contradiction();
    verdict.run(CheckId.NPM_ATTESTATIONS, "", () -> {
      throw VerificationException.mismatch(CheckId.NPM_ATTESTATIONS,
          "the packument advertises a provenance the registry does not serve",
          "a provenance of type " + advertised.get() + " (dist.attestations)", served);
    });
  }

  /**
   * After the bundles: a provenance without a publish attestation is refused (npm signs one for
   * every provenance it accepts); with both verified, each label must be the type its signed
   * statement has.
   */
  static void confirm(Selected selected, Optional<VerifiedBundle> publish, Optional<VerifiedBundle> provenance,
      VerdictBuilder verdict) {
    if (selected.publish().isEmpty()) {
      verdict.run(CheckId.NPM_ATTESTATIONS, "", () -> {
        throw VerificationException.invalid(CheckId.NPM_ATTESTATIONS,
            "the provenance has no publish attestation beside it: npm signs one for every provenance it accepts");
      });
      return;
    }
    if (publish.isPresent() && provenance.isPresent()) {
      verdict.run(CheckId.NPM_ATTESTATIONS, "publish and provenance selected by predicate type", () -> {
        declared(selected.publish().get(), publish.get().statement().orElseThrow());
        declared(selected.provenance().orElseThrow(), provenance.get().statement().orElseThrow());
        advertised(verdict.input().document().dist().provenancePredicateType(), provenance.get().statement().orElseThrow());
      });
    }
  }

  /** The provenance type the packument advertises, if it advertises one, is the one served. */
  private static void advertised(Optional<String> advertised, InTotoStatement provenance) throws VerificationException {
    if (advertised.isPresent() && !advertised.get().equals(provenance.predicateType())) {
      throw VerificationException.mismatch(CheckId.NPM_ATTESTATIONS,
          "the packument advertises another provenance type than the registry serves", advertised.get(),
          provenance.predicateType());
    }
  }

  private static void declared(Attestation attestation, InTotoStatement statement) throws VerificationException {
    if (!attestation.declaredType().equals(statement.predicateType())) {
      throw VerificationException.mismatch(CheckId.NPM_ATTESTATIONS,
          "the response labels an attestation as another predicate type than it signs",
          statement.predicateType(), attestation.declaredType());
    }
  }
}
