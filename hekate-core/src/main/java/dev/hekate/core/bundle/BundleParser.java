package dev.hekate.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.LogId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Sigstore bundle from its protobuf-JSON form into a {@link Bundle}.
 *
 * <p>Every failure is a {@link VerificationException} naming one of the bundle checks:
 * {@link CheckId#BUNDLE_FORMAT} for malformed JSON or fields, {@link CheckId#BUNDLE_MEDIA_TYPE},
 * {@link CheckId#BUNDLE_VERIFICATION_MATERIAL} and {@link CheckId#BUNDLE_TLOG_ENTRIES}. Input is
 * bounded by {@link Limits}.
 */
public final class BundleParser {
  private BundleParser() {}

  /** Parses bundle bytes. */
  public static Bundle parse(byte[] json) throws VerificationException {
    JsonNode root;
    try {
      root = Json.parse(json, Limits.MAX_BUNDLE_BYTES, "bundle");
    } catch (JsonFormatException e) {
      throw VerificationException.invalid(CheckId.BUNDLE_FORMAT, e.getMessage());
    }
    return parse(root);
  }

  /** Parses a bundle already read as a JSON tree (for example from an npm attestations response). */
  public static Bundle parse(JsonNode root) throws VerificationException {
    if (!root.isObject()) {
      throw VerificationException.invalid(CheckId.BUNDLE_FORMAT, "bundle must be a JSON object");
    }
    String mediaType = root.path("mediaType").asText("");
    BundleVersion version = BundleVersion.fromMediaType(mediaType)
        .orElseThrow(() -> VerificationException.invalid(
            CheckId.BUNDLE_MEDIA_TYPE, "unsupported bundle media type '" + mediaType + "'"));
    try {
      JsonNode material = Json.object(root, "verificationMaterial", "bundle");
      VerificationMaterial verificationMaterial = verificationMaterial(material, version);
      List<TlogEntry> entries = tlogEntries(material, version);
      List<byte[]> timestamps = timestamps(material);
      Content content = content(root);
      return new Bundle(version, mediaType, verificationMaterial, entries, timestamps, content);
    } catch (JsonFormatException e) {
      throw VerificationException.invalid(CheckId.BUNDLE_FORMAT, e.getMessage());
    }
  }

  private static VerificationMaterial verificationMaterial(JsonNode material, BundleVersion version)
      throws VerificationException, JsonFormatException {
    String where = "bundle.verificationMaterial";
    JsonNode chain = material.get("x509CertificateChain");
    JsonNode single = material.get("certificate");
    JsonNode publicKey = material.get("publicKey");
    int present = (chain != null ? 1 : 0) + (single != null ? 1 : 0) + (publicKey != null ? 1 : 0);
    if (present != 1) {
      throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL,
          "verification material must be exactly one of x509CertificateChain, certificate, publicKey");
    }
    if (publicKey != null) {
      if (!publicKey.isObject()) {
        throw new JsonFormatException(where + ".publicKey must be an object");
      }
      return new VerificationMaterial.PublicKeyHint(
          Json.optionalString(publicKey, "hint", where + ".publicKey").orElse(""));
    }
    List<JsonNode> certificates = new ArrayList<>();
    if (single != null) {
      if (!single.isObject()) {
        throw new JsonFormatException(where + ".certificate must be an object");
      }
      certificates.add(single);
    } else {
      if (version == BundleVersion.V0_3) {
        // The v0.3 format replaced the chain by a single certificate; sigstore-go refuses the chain too.
        throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL,
            "a v0.3 bundle carries its signing certificate as verificationMaterial.certificate, not as"
                + " x509CertificateChain");
      }
      if (!chain.isObject()) {
        throw new JsonFormatException(where + ".x509CertificateChain must be an object");
      }
      Json.optionalArray(chain, "certificates", where + ".x509CertificateChain").forEach(certificates::add);
    }
    if (certificates.isEmpty()) {
      throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL, "the certificate chain is empty");
    }
    if (certificates.size() > Limits.MAX_CHAIN_LENGTH) {
      throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL,
          "the certificate chain has " + certificates.size() + " certificates, over the limit of "
              + Limits.MAX_CHAIN_LENGTH);
    }
    List<X509Certificate> parsed = new ArrayList<>();
    for (JsonNode certificate : certificates) {
      if (!certificate.path("rawBytes").isTextual() || certificate.path("rawBytes").asText().isEmpty()) {
        throw VerificationException.invalid(CheckId.BUNDLE_VERIFICATION_MATERIAL, "a certificate of the verification material is empty");
      }
      byte[] der = base64(certificate, "rawBytes", where + ".certificate");
      parsed.add(Keys.certificate(der).orElseThrow(() -> VerificationException.invalid(
          CheckId.BUNDLE_VERIFICATION_MATERIAL, "a certificate in the verification material is not X.509 DER")));
    }
    return new VerificationMaterial.Certificates(parsed);
  }

  private static List<TlogEntry> tlogEntries(JsonNode material, BundleVersion version)
      throws VerificationException, JsonFormatException {
    JsonNode array = Json.optionalArray(material, "tlogEntries", "bundle.verificationMaterial");
    if (array.size() > Limits.MAX_TLOG_ENTRIES) {
      throw VerificationException.invalid(CheckId.BUNDLE_TLOG_ENTRIES,
          "the bundle has " + array.size() + " log entries, over the limit of " + Limits.MAX_TLOG_ENTRIES);
    }
    List<TlogEntry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      TlogEntry entry = tlogEntry(array.get(i), "bundle.verificationMaterial.tlogEntries[" + i + "]");
      if (!seen.add(entry.logId().hex() + "/" + entry.logIndex())) {
        throw VerificationException.invalid(CheckId.BUNDLE_TLOG_ENTRIES,
            "log entry " + entry.logIndex() + " of log " + entry.logId() + " appears twice");
      }
      if (version.requiresInclusionProof() && entry.inclusionProof().isEmpty()) {
        throw VerificationException.invalid(CheckId.BUNDLE_TLOG_ENTRIES,
            "a " + version + " bundle needs an inclusion proof for log entry " + entry.logIndex());
      }
      if (!version.requiresInclusionProof() && entry.signedEntryTimestamp().isEmpty()) {
        throw VerificationException.invalid(CheckId.BUNDLE_TLOG_ENTRIES,
            "a v0.1 bundle needs a signed entry timestamp for log entry " + entry.logIndex());
      }
      entries.add(entry);
    }
    return entries;
  }

  private static TlogEntry tlogEntry(JsonNode node, String where) throws JsonFormatException {
    if (!node.isObject()) {
      throw new JsonFormatException(where + " must be an object");
    }
    long logIndex = Json.nonNegative(Json.integer(node, "logIndex", where), where + ".logIndex");
    byte[] logId = base64(Json.object(node, "logId", where), "keyId", where + ".logId");
    JsonNode kindVersion = Json.object(node, "kindVersion", where);
    String kind = Json.string(kindVersion, "kind", where + ".kindVersion");
    String version = Json.string(kindVersion, "version", where + ".kindVersion");
    Optional<Long> integrated = Json.optionalInteger(node, "integratedTime", where);
    Optional<Instant> integratedTime = Optional.empty();
    if (integrated.isPresent()) {
      Instant time = Json.epochSeconds(integrated.get(), where + ".integratedTime");
      // Rekor v2 entries carry no integrated time; protobuf JSON may write that as 0 or omit it.
      integratedTime = integrated.get() > 0 ? Optional.of(time) : Optional.empty();
    }
    Optional<byte[]> set = Optional.empty();
    Optional<JsonNode> promise = Json.optionalObject(node, "inclusionPromise", where);
    if (promise.isPresent()) {
      set = Optional.of(base64(promise.get(), "signedEntryTimestamp", where + ".inclusionPromise"));
    }
    Optional<InclusionProof> proof = Optional.empty();
    Optional<JsonNode> proofNode = Json.optionalObject(node, "inclusionProof", where);
    if (proofNode.isPresent()) {
      proof = Optional.of(inclusionProof(proofNode.get(), where + ".inclusionProof"));
    }
    byte[] body = base64(node, "canonicalizedBody", where);
    return new TlogEntry(logIndex, new LogId(logId), kind, version, integratedTime, set, proof, body);
  }

  private static InclusionProof inclusionProof(JsonNode node, String where) throws JsonFormatException {
    String checkpoint = Json.optionalObject(node, "checkpoint", where).isPresent()
        ? Json.optionalString(node.get("checkpoint"), "envelope", where + ".checkpoint").orElse("")
        : "";
    return InclusionProof.read(node, where, InclusionProof.HashEncoding.BASE64, checkpoint);
  }

  private static List<byte[]> timestamps(JsonNode material) throws JsonFormatException {
    String where = "bundle.verificationMaterial.timestampVerificationData";
    Optional<JsonNode> data = Json.optionalObject(material, "timestampVerificationData", "bundle.verificationMaterial");
    if (data.isEmpty()) {
      return List.of();
    }
    JsonNode array = Json.optionalArray(data.get(), "rfc3161Timestamps", where);
    if (array.size() > Limits.MAX_TIMESTAMPS) {
      throw new JsonFormatException(where + " has more than " + Limits.MAX_TIMESTAMPS + " timestamps");
    }
    List<byte[]> timestamps = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      timestamps.add(base64(array.get(i), "signedTimestamp", where + ".rfc3161Timestamps[" + i + "]"));
    }
    return timestamps;
  }

  private static Content content(JsonNode root) throws JsonFormatException {
    JsonNode message = root.get("messageSignature");
    JsonNode dsse = root.get("dsseEnvelope");
    if ((message == null) == (dsse == null)) {
      throw new JsonFormatException("bundle must hold exactly one of messageSignature and dsseEnvelope");
    }
    if (message != null) {
      if (!message.isObject()) {
        throw new JsonFormatException("bundle.messageSignature must be an object");
      }
      Optional<Digest> digest = Optional.empty();
      Optional<JsonNode> digestNode = Json.optionalObject(message, "messageDigest", "bundle.messageSignature");
      if (digestNode.isPresent()) {
        String algorithm = Json.string(digestNode.get(), "algorithm", "bundle.messageSignature.messageDigest");
        byte[] value = base64(digestNode.get(), "digest", "bundle.messageSignature.messageDigest");
        digest = Optional.of(new Digest(Digest.algorithmName(algorithm), value));
      }
      return new Content.MessageSignature(digest, base64(message, "signature", "bundle.messageSignature"));
    }
    if (!dsse.isObject()) {
      throw new JsonFormatException("bundle.dsseEnvelope must be an object");
    }
    String where = "bundle.dsseEnvelope";
    byte[] payload = base64(dsse, "payload", where);
    if (payload.length > Limits.MAX_DSSE_PAYLOAD_BYTES) {
      throw new JsonFormatException(where + ".payload is over " + Limits.MAX_DSSE_PAYLOAD_BYTES + " bytes");
    }
    String payloadType = Json.string(dsse, "payloadType", where);
    JsonNode signatures = Json.array(dsse, "signatures", where);
    if (signatures.size() != 1) {
      throw new JsonFormatException(where + " must hold exactly one signature, not " + signatures.size());
    }
    List<Content.DsseSignature> parsed = new ArrayList<>();
    for (JsonNode signature : signatures) {
      String keyid = Json.optionalString(signature, "keyid", where + ".signatures[]").orElse("");
      parsed.add(new Content.DsseSignature(keyid, base64(signature, "sig", where + ".signatures[]")));
    }
    return new Content.DsseEnvelope(payloadType, payload, parsed);
  }

  private static byte[] base64(JsonNode parent, String field, String where) throws JsonFormatException {
    String text = Json.string(parent, field, where);
    return Encoding.base64(text).orElseThrow(() -> new JsonFormatException(where + "." + field + " is not valid base64"));
  }

}
