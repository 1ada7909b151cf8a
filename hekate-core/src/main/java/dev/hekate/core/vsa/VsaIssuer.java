package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.store.RegistryAnswer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a deployment needs to vouch for its verdicts: who it is, under which policy, with which key.
 * Makes the signed summary of a decided verdict and the document {@code GET /v1/verifier}
 * publishes. Thread-safe when its signer is.
 *
 * @param registry the registry's base URL as configured (the attestations' URLs are under it)
 */
public record VsaIssuer(VerifierIdentity verifier, VsaPolicy policy, VsaSigner signer, URI registry,
    List<RetiredKey> retired) {
  /** How a summary's signature is made, as {@code GET /v1/verifier} names it. */
  public static final String ALGORITHM = "ecdsa-p256-sha256";

  public VsaIssuer {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(registry, "registry");
    retired = List.copyOf(retired);
  }

  /** An issuer with only its current key. */
  public VsaIssuer(VerifierIdentity verifier, VsaPolicy policy, VsaSigner signer, URI registry) {
    this(verifier, policy, signer, registry, List.of());
  }

  /**
   * A key this deployment signed with before, published so that clients can tell summaries it
   * signed until {@code end} from forgeries after it.
   */
  public record RetiredKey(PublicKey key, Instant end) {
    public RetiredKey {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(end, "end");
    }
  }

  /**
   * The DSSE envelope of the summary of {@code verdict}, reached at {@code reachedAt} from
   * {@code answer}.
   *
   * @throws IllegalArgumentException an ERROR verdict, or no sha512 of the tarball to name
   * @throws SigningException the signer could not sign
   */
  public ObjectNode envelope(Verdict verdict, RegistryAnswer answer, Instant reachedAt) throws SigningException {
    URI attestations = attestationsUrl(verdict.packageName(), verdict.version());
    ObjectNode statement = VerificationSummary.statement(verdict, new VerificationSummary.Input(verifier, policy,
        reachedAt, answer.integrity(), attestations, answer.attestationsSha256()));
    return Dsse.sign(statement, signer);
  }

  /**
   * The DSSE envelope of {@code summary}, decided at {@code timeVerified}: the same verifier, policy
   * and key as a verdict's summary.
   *
   * @throws SigningException the signer could not sign
   */
  public ObjectNode envelope(ArtifactSummary summary, Instant timeVerified) throws SigningException {
    return Dsse.sign(summary.statement(verifier, policy, timeVerified), signer);
  }

  /** The registry's attestations URL of a version: {@code {registry}/-/npm/v1/attestations/{encodedName}@{version}}. */
  URI attestationsUrl(String name, String version) {
    try {
      return registry.resolve("-/npm/v1/attestations/" + PackageSpec.parse(name + "@" + version).encodedName() + "@"
          + version);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException("not a package version: " + e.getMessage(), e);
    }
  }

  /**
   * What {@code GET /v1/verifier} publishes: the verifier id and version, the key a client pins
   * (its id, PEM and algorithm, {@code status} {@code current}) and the retired ones (with
   * {@code status} {@code retired} and {@code validUntil}), and the
   * policy document with its URI and SHA-256. Informational: a client trusts the keys it pinned, not
   * this document.
   */
  public ObjectNode document() {
    ObjectNode root = Json.newObject();
    root.put("id", verifier.id().toString());
    root.putObject("version").put("hekate", verifier.version());
    ArrayNode keys = root.putArray("keys");
    ObjectNode key = keys.addObject();
    key.put("keyId", signer.keyId());
    key.put("algorithm", ALGORITHM);
    key.put("publicKeyPem", LocalKeySigner.pem("PUBLIC KEY", signer.publicKey().getEncoded()));
    key.put("status", "current");
    for (RetiredKey old : retired) {
      ObjectNode r = keys.addObject();
      r.put("keyId", KeyIds.of(old.key()));
      r.put("algorithm", ALGORITHM);
      r.put("publicKeyPem", LocalKeySigner.pem("PUBLIC KEY", old.key().getEncoded()));
      r.put("status", "retired");
      r.put("validUntil", old.end().toString());
    }
    ObjectNode policyNode = root.putObject("policy");
    policyNode.put("uri", policy.uri().toString());
    policyNode.putObject("digest").put("sha256", policy.sha256());
    // The document as text, byte for byte what the digest covers (UTF-8), so anyone can check it.
    policyNode.put("document", new String(policy.document(), StandardCharsets.UTF_8));
    root.put("predicateType", VerificationSummary.PREDICATE_TYPE);
    return root;
  }
}
