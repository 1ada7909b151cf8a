package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.signature.Signatures;
import java.util.ArrayList;
import java.util.List;

/**
 * A signed in-toto layout or link file, in either form in-toto writes: the v1.0 metablock
 * {@code {"signed": {...}, "signatures": [{"keyid", "sig" (hex)}]}}, whose signatures cover the
 * canonical JSON of {@code signed}; or a DSSE envelope {@code {"payloadType":
 * "application/vnd.in-toto+json", "payload" (base64), "signatures": [{"keyid", "sig" (base64)}]}},
 * whose signatures cover the pre-authentication encoding of the payload's exact bytes. Either way:
 * the body, the bytes the signatures cover, and the signatures.
 */
public record Metablock(JsonNode signed, byte[] signedBytes, List<Signature> signatures) {
  /** The only DSSE payload type in-toto layouts and links use. */
  public static final String DSSE_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** One signature: the signer's key id and the signature bytes (empty when they did not decode: never valid). */
  public record Signature(String keyId, byte[] sig) {
    public Signature {
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }
  }

  public Metablock {
    signedBytes = signedBytes.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] signedBytes() {
    return signedBytes.clone();
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
    boolean dsse = root.has("payloadType") || root.has("payload");
    JsonNode sigs = root.get("signatures");
    JsonNode signed;
    byte[] signedBytes;
    if (dsse) {
      JsonNode type = root.get("payloadType");
      JsonNode payload = root.get("payload");
      if (type == null || !type.isTextual() || payload == null || !payload.isTextual() || sigs == null
          || !sigs.isArray() || root.size() != 3) {
        throw new InTotoFormatException(what + " is not a DSSE envelope {\"payloadType\", \"payload\", \"signatures\"}");
      }
      if (!type.textValue().equals(DSSE_PAYLOAD_TYPE)) {
        throw new UnsupportedInTotoException(what + ": DSSE payload type " + type.textValue() + " is not supported (only "
            + DSSE_PAYLOAD_TYPE + ")");
      }
      byte[] body = Encoding.base64(payload.textValue())
          .orElseThrow(() -> new InTotoFormatException(what + ": the DSSE payload is not base64"));
      try {
        signed = Json.parse(body, Limits.MAX_INTOTO_METADATA_BYTES, what + "'s DSSE payload");
      } catch (JsonFormatException e) {
        throw new InTotoFormatException(e.getMessage());
      }
      if (!signed.isObject()) {
        throw new InTotoFormatException(what + ": the DSSE payload is not a JSON object");
      }
      signedBytes = Signatures.pae(type.textValue(), body);
    } else {
      signed = root.get("signed");
      if (signed == null || !signed.isObject() || sigs == null || !sigs.isArray() || root.size() != 2) {
        throw new InTotoFormatException(what + " is not a metablock {\"signed\", \"signatures\"}");
      }
      signedBytes = CanonicalJson.encode(signed);
    }
    if (sigs.size() > Limits.MAX_INTOTO_SIGNATURES) {
      throw new InTotoFormatException(what + " has " + sigs.size() + " signatures, over the limit of "
          + Limits.MAX_INTOTO_SIGNATURES);
    }
    List<Signature> signatures = new ArrayList<>();
    for (JsonNode entry : sigs) {
      JsonNode keyId = entry.get("keyid");
      JsonNode value = entry.get("sig");
      if (keyId == null || !keyId.isTextual() || value == null || !value.isTextual()) {
        throw new InTotoFormatException(what + ": a signature needs string keyid and sig");
      }
      JsonNode cert = entry.get("cert");
      if (cert != null && !(cert.isTextual() && cert.textValue().isEmpty())) {
        throw new UnsupportedInTotoException(what + ": certificate-based signatures are not supported");
      }
      byte[] raw = (dsse ? Encoding.base64(value.textValue()) : Encoding.hex(value.textValue())).orElse(new byte[0]);
      signatures.add(new Signature(keyId.textValue(), raw));
    }
    return new Metablock(signed, signedBytes, signatures);
  }
}
