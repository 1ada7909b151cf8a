package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-toto v1.0 metablock, {@code {"signed": {...}, "signatures": [{"keyid", "sig"}]}}: the
 * signed body, its canonical bytes (what the signatures cover) and the signatures. A DSSE envelope
 * ({@code payloadType}, {@code payload}) is recognised and refused as unsupported.
 */
public record Metablock(JsonNode signed, byte[] canonicalSigned, List<Signature> signatures) {

  /** One signature: the signer's key id and the signature bytes, hex as in-toto writes them. */
  public record Signature(String keyId, String sigHex) {}

  public Metablock {
    canonicalSigned = canonicalSigned.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] canonicalSigned() {
    return canonicalSigned.clone();
  }

  /** Parses a layout or link file (strict JSON: duplicate keys refused, bounded). */
  public static Metablock parse(byte[] bytes, String what) throws InTotoFormatException, UnsupportedInTotoException {
    JsonNode root;
    try {
      root = Json.parse(bytes, Limits.MAX_INTOTO_METADATA_BYTES, what);
    } catch (JsonFormatException e) {
      throw new InTotoFormatException(e.getMessage());
    }
    if (!root.isObject()) {
      throw new InTotoFormatException(what + " is not a JSON object");
    }
    if (root.has("payloadType") || root.has("payload")) {
      throw new UnsupportedInTotoException(what + " is a DSSE envelope; DSSE-wrapped layouts and links are not supported yet");
    }
    JsonNode signed = root.get("signed");
    JsonNode sigs = root.get("signatures");
    if (signed == null || !signed.isObject() || sigs == null || !sigs.isArray() || root.size() != 2) {
      throw new InTotoFormatException(what + " is not a metablock {\"signed\", \"signatures\"}");
    }
    if (sigs.size() > Limits.MAX_INTOTO_SIGNATURES) {
      throw new InTotoFormatException(what + " has " + sigs.size() + " signatures, over the limit of "
          + Limits.MAX_INTOTO_SIGNATURES);
    }
    List<Signature> signatures = new ArrayList<>();
    for (JsonNode sig : sigs) {
      JsonNode keyId = sig.get("keyid");
      JsonNode value = sig.get("sig");
      if (keyId == null || !keyId.isTextual() || value == null || !value.isTextual()) {
        throw new InTotoFormatException(what + ": a signature needs string keyid and sig");
      }
      JsonNode cert = sig.get("cert");
      if (cert != null && !(cert.isTextual() && cert.textValue().isEmpty())) {
        throw new UnsupportedInTotoException(what + ": certificate-based signatures are not supported");
      }
      signatures.add(new Signature(keyId.textValue(), value.textValue()));
    }
    return new Metablock(signed, CanonicalJson.encode(signed), signatures);
  }
}
