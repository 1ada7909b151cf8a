package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.signature.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs a statement as a DSSE envelope ({@code payloadType} {@value #IN_TOTO}, one signature over
 * the pre-authentication encoding) and wraps an envelope as a Sigstore bundle v0.3 whose
 * verification material is a public-key hint (the key id), to be checked against a key the
 * verifier already holds (a peer's pinned key), not against Fulcio or Rekor.
 */
public final class Dsse {
  public static final String IN_TOTO = "application/vnd.in-toto+json";
  public static final String BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  private Dsse() {}

  /** The envelope of {@code statement}, signed by {@code signer}. */
  public static ObjectNode sign(ObjectNode statement, VsaSigner signer) throws SigningException {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(signer, "signer");
    byte[] payload = Json.write(statement).getBytes(StandardCharsets.UTF_8);
    byte[] signature = signer.sign(Signatures.pae(IN_TOTO, payload));
    ObjectNode envelope = Json.newObject();
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope.put("payloadType", IN_TOTO);
    ObjectNode sig = envelope.putArray("signatures").addObject();
    sig.put("keyid", signer.keyId());
    sig.put("sig", Base64.getEncoder().encodeToString(signature));
    return envelope;
  }

  /** {@code envelope} as a Sigstore bundle v0.3 with the public-key hint {@code keyId} and no log entry. */
  public static ObjectNode bundle(ObjectNode envelope, String keyId) {
    ObjectNode bundle = Json.newObject();
    bundle.put("mediaType", BUNDLE_V03);
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", keyId);
    material.putArray("tlogEntries");
    bundle.set("dsseEnvelope", envelope.deepCopy());
    return bundle;
  }
}
