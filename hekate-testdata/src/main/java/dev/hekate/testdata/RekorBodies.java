package dev.hekate.testdata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The canonicalized Rekor entry bodies, shaped after real decoded {@code canonicalizedBody} values
 * (keys sorted, no whitespace).
 */
final class RekorBodies {

  private RekorBodies() {}

  /** The signing key as a Rekor body names it: a PEM certificate or a PEM public key. */
  record Verifier(byte[] der, boolean certificate, String keyDetails) {
    String pem() {
      return certificate ? Pem.certificate(der) : Pem.publicKey(der);
    }

    /** The PEM as sigstore-js (the npm CLI's signer) submits it: no newline after the END line. */
    String pemWithoutFinalNewline() {
      String pem = pem();
      return pem.substring(0, pem.length() - 1);
    }
  }

  /** What a DSSE envelope carries into a body. */
  record Envelope(String payloadType, byte[] payload, byte[] signature, String keyId) {}

  /** hashedrekord 0.0.1: hex SHA-256 of the artifact, base64 signature, base64 of the PEM. */
  static byte[] hashedRekord001(byte[] artifactDigest, String hash, byte[] signature, Verifier verifier) {
    ObjectNode body = header("0.0.1", "hashedrekord");
    ObjectNode spec = body.putObject("spec");
    spec.putObject("data").putObject("hash").put("algorithm", hash.equals("SHA-256") ? "sha256" : "sha384")
        .put("value", Bytes.hex(artifactDigest));
    ObjectNode sig = spec.putObject("signature");
    sig.put("content", Bytes.b64(signature));
    sig.putObject("publicKey").put("content", b64(verifier.pem()));
    return Json.canonical(body);
  }

  /** hashedrekord 0.0.2 (Rekor v2): base64 digest, and the verifier as DER with its key details. */
  static byte[] hashedRekord002(byte[] digest, String hash, byte[] signature, Verifier verifier) {
    ObjectNode body = header("0.0.2", "hashedrekord");
    ObjectNode inner = body.putObject("spec").putObject("hashedRekordV002");
    inner.putObject("data").put("algorithm", hash.equals("SHA-256") ? "SHA2_256" : "SHA2_384")
        .put("digest", Bytes.b64(digest));
    ObjectNode sig = inner.putObject("signature");
    sig.put("content", Bytes.b64(signature));
    sig.set("verifier", verifier002(verifier));
    return Json.canonical(body);
  }

  /**
   * A raw DSSE envelope as slsa-github-generator wrote it before v2.1.0: payloadType, payload, and
   * one signature {keyid (empty), sig, cert (the PEM)}, in that order, compact.
   */
  static byte[] rawEnvelope(Envelope envelope, Verifier verifier) {
    ObjectNode raw = Json.object();
    raw.put("payloadType", envelope.payloadType());
    raw.put("payload", Bytes.b64(envelope.payload()));
    ObjectNode sig = raw.putArray("signatures").addObject();
    sig.put("keyid", envelope.keyId());
    sig.put("sig", Bytes.b64(envelope.signature()));
    sig.put("cert", verifier.pem());
    return Json.compact(raw);
  }

  /**
   * intoto 0.0.1 as Rekor v1 stores it: {@code hash} is SHA-256 of the envelope as submitted (the
   * raw envelope, {@link #rawEnvelope}), {@code payloadHash} SHA-256 of the payload bytes, and
   * {@code publicKey} base64 of the PEM.
   */
  static byte[] intoto001(Envelope envelope, Verifier verifier) {
    ObjectNode body = header("0.0.1", "intoto");
    ObjectNode spec = body.putObject("spec");
    ObjectNode content = spec.putObject("content");
    content.putObject("hash").put("algorithm", "sha256")
        .put("value", Bytes.hex(Bytes.sha256(rawEnvelope(envelope, verifier))));
    content.putObject("payloadHash").put("algorithm", "sha256")
        .put("value", Bytes.hex(Bytes.sha256(envelope.payload())));
    spec.put("publicKey", b64(verifier.pem()));
    return Json.canonical(body);
  }

  /**
   * intoto 0.0.2 as production Rekor stores it: the envelope <em>without its payload</em> (only
   * hand-made conformance entries keep it), the signature base64-encoded twice and the PEM once;
   * {@code hash} is SHA-256 of the canonical full envelope (payload included, PEM in clear) and
   * {@code payloadHash} SHA-256 of the payload bytes. Checked byte for byte against real entries.
   * The PEM is the client's text; intoto entries come from sigstore-js, which omits the final newline.
   */
  static byte[] intoto002(Envelope envelope, Verifier verifier) {
    String pem = verifier.pemWithoutFinalNewline();
    ObjectNode hashed = Json.object();
    hashed.put("payload", Bytes.b64(envelope.payload()));
    hashed.put("payloadType", envelope.payloadType());
    ObjectNode hashedSig = hashed.putArray("signatures").addObject();
    hashedSig.put("publicKey", pem);
    hashedSig.put("sig", Bytes.b64(envelope.signature()));

    ObjectNode body = header("0.0.2", "intoto");
    ObjectNode content = body.putObject("spec").putObject("content");
    ObjectNode env = content.putObject("envelope");
    env.put("payloadType", envelope.payloadType());
    ObjectNode sig = env.putArray("signatures").addObject();
    sig.put("publicKey", b64(pem));
    sig.put("sig", b64(Bytes.b64(envelope.signature())));
    content.putObject("hash").put("algorithm", "sha256")
        .put("value", Bytes.hex(Bytes.sha256(Json.canonical(hashed))));
    content.putObject("payloadHash").put("algorithm", "sha256")
        .put("value", Bytes.hex(Bytes.sha256(envelope.payload())));
    return Json.canonical(body);
  }

  /**
   * dsse 0.0.1: payload hash, envelope hash and {signature, verifier = base64 PEM} pairs. The
   * envelope hash is SHA-256 of the envelope as protobuf JSON: fields in declaration order
   * (payload, payloadType, signatures; sig before keyid), an empty keyid omitted. Checked against
   * real entries with and without a keyid.
   */
  static byte[] dsse001(Envelope envelope, Verifier verifier) {
    ObjectNode protoEnvelope = Json.object();
    protoEnvelope.put("payload", Bytes.b64(envelope.payload()));
    protoEnvelope.put("payloadType", envelope.payloadType());
    ObjectNode envSig = protoEnvelope.putArray("signatures").addObject();
    envSig.put("sig", Bytes.b64(envelope.signature()));
    if (!envelope.keyId().isEmpty()) {
      envSig.put("keyid", envelope.keyId());
    }

    ObjectNode body = header("0.0.1", "dsse");
    ObjectNode spec = body.putObject("spec");
    spec.putObject("envelopeHash").put("algorithm", "sha256")
        .put("value", Bytes.hex(Bytes.sha256(Json.compact(protoEnvelope))));
    spec.putObject("payloadHash").put("algorithm", "sha256")
        .put("value", Bytes.hex(Bytes.sha256(envelope.payload())));
    ObjectNode sig = spec.putArray("signatures").addObject();
    sig.put("signature", Bytes.b64(envelope.signature()));
    sig.put("verifier", b64(verifier.pem()));
    return Json.canonical(body);
  }

  /** dsse 0.0.2 (Rekor v2): payload hash and {content, verifier} pairs. */
  static byte[] dsse002(Envelope envelope, Verifier verifier) {
    ObjectNode body = header("0.0.2", "dsse");
    ObjectNode inner = body.putObject("spec").putObject("dsseV002");
    inner.putObject("payloadHash").put("algorithm", "SHA2_256")
        .put("digest", Bytes.b64(Bytes.sha256(envelope.payload())));
    ObjectNode sig = inner.putArray("signatures").addObject();
    sig.put("content", Bytes.b64(envelope.signature()));
    sig.set("verifier", verifier002(verifier));
    return Json.canonical(body);
  }

  /** DSSE pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}. */
  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    String header = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
    return Bytes.concat(header.getBytes(StandardCharsets.UTF_8), payload);
  }

  private static ObjectNode verifier002(Verifier verifier) {
    ObjectNode v = Json.object();
    v.put("keyDetails", verifier.keyDetails());
    v.putObject(verifier.certificate() ? "x509Certificate" : "publicKey").put("rawBytes", Bytes.b64(verifier.der()));
    return v;
  }

  private static ObjectNode header(String apiVersion, String kind) {
    ObjectNode body = Json.object();
    body.put("apiVersion", apiVersion);
    body.put("kind", kind);
    return body;
  }

  private static String b64(String text) {
    return Bytes.b64(text.getBytes(StandardCharsets.UTF_8));
  }
}
