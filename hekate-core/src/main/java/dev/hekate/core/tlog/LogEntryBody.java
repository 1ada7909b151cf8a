package dev.hekate.core.tlog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.Signatures;
import dev.hekate.core.signature.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a log entry's canonicalized body describes this bundle: the same signature, the
 * same signing certificate or key, and the same content (artifact digest, or DSSE payload hash).
 * Without this check a valid log entry for some other signature would vouch for this one.
 *
 * <p>Supported kinds: {@code hashedrekord} 0.0.1 and 0.0.2, {@code intoto} 0.0.2, {@code dsse}
 * 0.0.1 and 0.0.2, and {@code intoto} 0.0.1 for an envelope whose own JSON bytes are known (a raw
 * DSSE envelope): that kind records the envelope only by the hash of those bytes.
 */
public final class LogEntryBody {
  private LogEntryBody() {}

  /**
   * @param artifactDigests the artifact's known digests, for message signatures
   * @throws VerificationException {@link CheckId#TLOG_ENTRY_BODY} on any disagreement
   */
  public static void verify(TlogEntry entry, Content content, SigningKey key, List<Digest> artifactDigests)
      throws VerificationException {
    JsonNode body;
    try {
      body = Json.parse(entry.canonicalizedBody(), Limits.MAX_BUNDLE_BYTES, "log entry body");
      String kind = Json.string(body, "kind", "body");
      String apiVersion = Json.string(body, "apiVersion", "body");
      if (!kind.equals(entry.kind()) || !apiVersion.equals(entry.version())) {
        throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
            "the entry's kindVersion does not match its body", entry.kindVersion(), kind + "/" + apiVersion);
      }
      JsonNode spec = Json.object(body, "spec", "body");
      switch (entry.kindVersion()) {
        case "hashedrekord/0.0.1" -> hashedRekordV001(spec, content, key, artifactDigests);
        case "hashedrekord/0.0.2" -> hashedRekordV002(Json.object(spec, "hashedRekordV002", "body.spec"), content, key, artifactDigests);
        case "intoto/0.0.1" -> intotoV001(spec, content, key);
        case "intoto/0.0.2" -> intotoV002(spec, content, key);
        case "dsse/0.0.1" -> dsseV001(spec, content, key);
        case "dsse/0.0.2" -> dsseV002(Json.object(spec, "dsseV002", "body.spec"), content, key);
        default -> throw fail("unsupported log entry kind " + entry.kindVersion());
      }
    } catch (JsonFormatException e) {
      throw fail("the log entry body is malformed: " + e.getMessage());
    }
  }

  private static void hashedRekordV001(JsonNode spec, Content content, SigningKey key, List<Digest> artifactDigests)
      throws JsonFormatException, VerificationException {
    if (!(content instanceof Content.MessageSignature message)) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "a hashedrekord/0.0.1 entry cannot record a DSSE envelope", "an entry for a DSSE envelope", "hashedrekord/0.0.1");
    }
    JsonNode hash = Json.object(Json.object(spec, "data", "spec"), "hash", "spec.data");
    String algorithm = Json.string(hash, "algorithm", "spec.data.hash");
    byte[] value = Encoding.hex(Json.string(hash, "value", "spec.data.hash"))
        .orElseThrow(() -> new JsonFormatException("spec.data.hash.value is not hex"));
    Digest logged = new Digest(Digest.algorithmName(algorithm), value);
    requireDigest(logged, artifactDigests);
    requireDeclaredAlgorithm(logged, message);
    JsonNode signature = Json.object(spec, "signature", "spec");
    requireSignature(decode(Json.string(signature, "content", "spec.signature")), message.signature());
    String pem = new String(decode(Json.string(Json.object(signature, "publicKey", "spec.signature"), "content",
        "spec.signature.publicKey")), StandardCharsets.UTF_8);
    requireKeyPem(pem, key);
  }

  private static void hashedRekordV002(JsonNode spec, Content content, SigningKey key, List<Digest> artifactDigests)
      throws JsonFormatException, VerificationException {
    JsonNode data = Json.object(spec, "data", "spec");
    Digest logged = new Digest(Digest.algorithmName(Json.string(data, "algorithm", "spec.data")),
        decode(Json.string(data, "digest", "spec.data")));
    if (content instanceof Content.DsseEnvelope dsse) {
      // Rekor v2 logs a DSSE envelope as a hashedrekord over its pre-authentication encoding.
      byte[] pae = Signatures.pae(dsse.payloadType(), dsse.payload());
      requireDigest(logged, List.of(new Digest(logged.algorithm(), digest(logged.algorithm(), pae))));
    } else {
      requireDigest(logged, artifactDigests);
      requireDeclaredAlgorithm(logged, (Content.MessageSignature) content);
    }
    JsonNode signature = Json.object(spec, "signature", "spec");
    requireSignature(decode(Json.string(signature, "content", "spec.signature")), content.signatureBytes());
    requireVerifier(Json.object(signature, "verifier", "spec.signature"), key);
  }

  /**
   * intoto/0.0.1 records the payload hash, the signing certificate or key (base64 of its PEM), and
   * the signature only through the hash of the envelope's JSON as it was submitted. Those bytes
   * must be the envelope's own: a bundle re-encodes the envelope, so its entry cannot be matched.
   */
  private static void intotoV001(JsonNode spec, Content content, SigningKey key)
      throws JsonFormatException, VerificationException {
    Content.DsseEnvelope dsse = requireDsse(content, "intoto/0.0.1");
    byte[] serialized = dsse.serialized().orElseThrow(() -> fail("an intoto/0.0.1 entry records the envelope by the"
        + " hash of its JSON as submitted, which a bundle does not carry"));
    JsonNode inner = Json.object(spec, "content", "spec");
    requirePayloadHash(Json.object(inner, "payloadHash", "spec.content"), dsse, true);
    JsonNode hash = Json.object(inner, "hash", "spec.content");
    String algorithm = Digest.algorithmName(Json.string(hash, "algorithm", "spec.content.hash"));
    Digest logged = new Digest(algorithm, Encoding.hex(Json.string(hash, "value", "spec.content.hash"))
        .orElseThrow(() -> new JsonFormatException("spec.content.hash.value is not hex")));
    Digest actual = new Digest(algorithm, digest(algorithm, serialized));
    if (!logged.sameAs(actual)) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY, "the log entry records another envelope",
          actual, logged);
    }
    requireKeyPem(new String(decode(Json.string(spec, "publicKey", "spec")), StandardCharsets.UTF_8), key);
  }

  private static void intotoV002(JsonNode spec, Content content, SigningKey key)
      throws JsonFormatException, VerificationException {
    Content.DsseEnvelope dsse = requireDsse(content, "intoto/0.0.2");
    JsonNode inner = Json.object(spec, "content", "spec");
    requirePayloadHash(Json.object(inner, "payloadHash", "spec.content"), dsse, true);
    JsonNode signatures = Json.array(Json.object(inner, "envelope", "spec.content"), "signatures", "spec.content.envelope");
    requireOneSignature(signatures, dsse, key, node -> {
      // intoto/0.0.2 encodes the signature and the key twice over in base64. A signature encoded
      // once is read as is: it can only equal the bundle's if the log recorded that signature.
      byte[] once = decode(Json.string(node, "sig", "signature"));
      byte[] sig = Encoding.base64(new String(once, StandardCharsets.ISO_8859_1)).orElse(once);
      String pem = new String(decode(Json.string(node, "publicKey", "signature")), StandardCharsets.UTF_8);
      return new LoggedSignature(sig, pem);
    });
  }

  private static void dsseV001(JsonNode spec, Content content, SigningKey key)
      throws JsonFormatException, VerificationException {
    Content.DsseEnvelope dsse = requireDsse(content, "dsse/0.0.1");
    requirePayloadHash(Json.object(spec, "payloadHash", "spec"), dsse, true);
    requireOneSignature(Json.array(spec, "signatures", "spec"), dsse, key, node -> new LoggedSignature(
        decode(Json.string(node, "signature", "signature")),
        new String(decode(Json.string(node, "verifier", "signature")), StandardCharsets.UTF_8)));
  }

  private static void dsseV002(JsonNode spec, Content content, SigningKey key)
      throws JsonFormatException, VerificationException {
    Content.DsseEnvelope dsse = requireDsse(content, "dsse/0.0.2");
    requirePayloadHash(Json.object(spec, "payloadHash", "spec"), dsse, false);
    JsonNode signatures = Json.array(spec, "signatures", "spec");
    requireOneSignature(signatures);
    JsonNode signature = signatures.get(0);
    requireSignature(decode(Json.string(signature, "content", "spec.signatures[0]")), dsse.signatureBytes());
    requireVerifier(Json.object(signature, "verifier", "spec.signatures[0]"), key);
  }

  private record LoggedSignature(byte[] signature, String keyPem) {}

  private interface SignatureReader {
    LoggedSignature read(JsonNode node) throws JsonFormatException;
  }

  private static void requireOneSignature(JsonNode signatures, Content.DsseEnvelope dsse, SigningKey key,
      SignatureReader reader) throws JsonFormatException, VerificationException {
    requireOneSignature(signatures);
    LoggedSignature logged = reader.read(signatures.get(0));
    requireSignature(logged.signature(), dsse.signatureBytes());
    requireKeyPem(logged.keyPem(), key);
  }

  private static Content.DsseEnvelope requireDsse(Content content, String kind) throws VerificationException {
    if (content instanceof Content.DsseEnvelope dsse) {
      return dsse;
    }
    throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
        "a " + kind + " entry records a DSSE envelope, but the bundle holds a message signature",
        "an entry for a message signature", kind);
  }

  private static void requirePayloadHash(JsonNode hash, Content.DsseEnvelope dsse, boolean hex)
      throws JsonFormatException, VerificationException {
    String algorithm = Digest.algorithmName(Json.string(hash, "algorithm", "payloadHash"));
    byte[] value = hex
        ? Encoding.hex(Json.string(hash, "value", "payloadHash")).orElseThrow(() -> new JsonFormatException("payloadHash.value is not hex"))
        : decode(Json.string(hash, "digest", "payloadHash"));
    Digest logged = new Digest(algorithm, value);
    Digest actual = new Digest(algorithm, digest(algorithm, dsse.payload()));
    if (!logged.sameAs(actual)) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "the log entry records another DSSE payload", actual, logged);
    }
  }

  /**
   * {@code data} hashed with the algorithm the entry names, one of Sigstore's hash algorithms. Any
   * other name — one the JDK lacks, or a weak hash it has — is a malformed entry, never an exception.
   */
  private static byte[] digest(String algorithm, byte[] data) throws VerificationException {
    return switch (algorithm) {
      case "sha256", "sha384", "sha512", "sha3-256", "sha3-384" -> Keys.digest(Digest.jdkName(algorithm), data);
      default -> throw fail("the log entry records a digest of an unsupported algorithm");
    };
  }

  private static void requireDigest(Digest logged, List<Digest> known) throws VerificationException {
    Optional<Digest> expected = known.stream().filter(d -> d.algorithm().equals(logged.algorithm())).findFirst();
    if (expected.isEmpty()) {
      throw fail("the log entry records a " + logged.algorithm() + " digest, and the artifact's is not known");
    }
    if (!logged.sameAs(expected.get())) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "the log entry records another artifact digest", expected.get(), logged);
    }
  }

  /**
   * The log records the digest with the algorithm the bundle declares: the message signature is
   * verified with that hash ({@code message.signature}), so it can never be weaker than what the
   * log says was signed.
   */
  private static void requireDeclaredAlgorithm(Digest logged, Content.MessageSignature message)
      throws VerificationException {
    if (message.digest().isPresent() && !message.digest().get().algorithm().equals(logged.algorithm())) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "the log entry records the artifact's digest with another algorithm than the bundle declares",
          message.digest().get().algorithm(), logged.algorithm());
    }
  }

  private static void requireSignature(byte[] logged, byte[] actual) throws VerificationException {
    if (!MessageDigest.isEqual(logged, actual)) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "the log entry records another signature", Encoding.toBase64(actual), Encoding.toBase64(logged));
    }
  }

  private static void requireKeyPem(String pem, SigningKey key) throws VerificationException {
    List<byte[]> blocks = key instanceof SigningKey.Certificate
        ? Keys.pemBlocks(pem, "CERTIFICATE")
        : Keys.pemBlocks(pem, "PUBLIC KEY");
    if (blocks.isEmpty()) {
      throw fail("the log entry's " + (key instanceof SigningKey.Certificate ? "certificate" : "public key")
          + " is not a PEM block");
    }
    requireSameSigner(blocks.get(0), key);
  }

  private static void requireVerifier(JsonNode verifier, SigningKey key) throws JsonFormatException, VerificationException {
    Optional<JsonNode> certificate = Json.optionalObject(verifier, "x509Certificate", "verifier");
    Optional<JsonNode> publicKey = Json.optionalObject(verifier, "publicKey", "verifier");
    byte[] logged;
    if (certificate.isPresent() && key instanceof SigningKey.Certificate) {
      logged = decode(Json.string(certificate.get(), "rawBytes", "verifier.x509Certificate"));
    } else if (publicKey.isPresent() && key instanceof SigningKey.Key) {
      logged = decode(Json.string(publicKey.get(), "rawBytes", "verifier.publicKey"));
    } else {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "the log entry records another kind of verifier than the bundle's",
          key instanceof SigningKey.Certificate ? "x509Certificate" : "publicKey",
          certificate.isPresent() ? "x509Certificate" : publicKey.isPresent() ? "publicKey" : "none");
    }
    requireSameSigner(logged, key);
  }

  /** The logged certificate or key is the bundle's, compared by SHA-256 fingerprint of its DER. */
  private static void requireSameSigner(byte[] logged, SigningKey key) throws VerificationException {
    if (!MessageDigest.isEqual(logged, key.encoded())) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          key instanceof SigningKey.Certificate
              ? "the log entry records another signing certificate"
              : "the log entry records another public key",
          "sha256:" + Encoding.toHex(Keys.sha256(key.encoded())), "sha256:" + Encoding.toHex(Keys.sha256(logged)));
    }
  }

  private static void requireOneSignature(JsonNode signatures) throws VerificationException {
    if (signatures.size() != 1) {
      throw VerificationException.mismatch(CheckId.TLOG_ENTRY_BODY,
          "the log entry records another number of signatures than the envelope has", 1, signatures.size());
    }
  }

  private static byte[] decode(String base64) throws JsonFormatException {
    return Encoding.base64(base64).orElseThrow(() -> new JsonFormatException("a log entry field is not base64"));
  }

  private static VerificationException fail(String message) {
    return VerificationException.invalid(CheckId.TLOG_ENTRY_BODY, message);
  }
}
