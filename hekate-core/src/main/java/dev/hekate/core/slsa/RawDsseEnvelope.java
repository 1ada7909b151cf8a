package dev.hekate.core.slsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.bundle.BundleVersion;
import dev.hekate.core.bundle.Content;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.bundle.VerificationMaterial;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * slsa-github-generator's provenance before v2.1.0: one DSSE envelope, its single signature
 * carrying the signing certificate as PEM ({@code {"keyid","sig","cert"}}), and no log entry.
 * Parsed is not verified: the certificate is only what the file says until a bundle built with
 * the envelope's log entry ({@link #withLogEntry}) has verified.
 */
final class RawDsseEnvelope {
  /** The rules a bundle assembled from an envelope and its fetched entry is held to: v0.2's, proof required. */
  private static final String ASSEMBLED_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle+json;version=0.2";

  private final Content.DsseEnvelope envelope;
  private final X509Certificate certificate;

  private RawDsseEnvelope(Content.DsseEnvelope envelope, X509Certificate certificate) {
    this.envelope = envelope;
    this.certificate = certificate;
  }

  /**
   * Reads the file: one JSON envelope (whitespace around it is not part of it).
   *
   * @throws VerificationException {@link CheckId#SLSA_PROVENANCE} INVALID when it is not one
   *     envelope with one signature and one certificate
   */
  static RawDsseEnvelope parse(byte[] file) throws VerificationException {
    byte[] json = strip(file);
    try {
      JsonNode root = Json.parse(json, Limits.MAX_BUNDLE_BYTES, "provenance");
      if (!root.isObject()) {
        throw new JsonFormatException("the envelope is not a JSON object");
      }
      String payloadType = Json.string(root, "payloadType", "envelope");
      byte[] payload = base64(Json.string(root, "payload", "envelope"), "envelope.payload");
      if (payload.length > Limits.MAX_DSSE_PAYLOAD_BYTES) {
        throw new JsonFormatException("envelope.payload is over " + Limits.MAX_DSSE_PAYLOAD_BYTES + " bytes");
      }
      JsonNode signatures = Json.array(root, "signatures", "envelope");
      if (signatures.size() != 1) {
        throw new JsonFormatException("the envelope must hold exactly one signature, not " + signatures.size());
      }
      JsonNode signature = signatures.get(0);
      if (!signature.isObject()) {
        throw new JsonFormatException("envelope.signatures[0] is not an object");
      }
      String keyid = Json.optionalString(signature, "keyid", "envelope.signatures[0]").orElse("");
      byte[] sig = base64(Json.string(signature, "sig", "envelope.signatures[0]"), "envelope.signatures[0].sig");
      List<byte[]> blocks = Keys.pemBlocks(Json.string(signature, "cert", "envelope.signatures[0]"), "CERTIFICATE");
      if (blocks.size() != 1) {
        throw new JsonFormatException("envelope.signatures[0].cert must hold exactly one PEM certificate");
      }
      X509Certificate certificate = Keys.certificate(blocks.get(0))
          .orElseThrow(() -> new JsonFormatException("envelope.signatures[0].cert is not an X.509 certificate"));
      Content.DsseEnvelope envelope = new Content.DsseEnvelope(payloadType, payload,
          List.of(new Content.DsseSignature(keyid, sig)), Optional.of(json));
      return new RawDsseEnvelope(envelope, certificate);
    } catch (JsonFormatException e) {
      throw VerificationException.invalid(CheckId.SLSA_PROVENANCE, "the provenance is not one DSSE envelope with"
          + " one signature and its certificate: " + e.getMessage());
    }
  }

  /** The certificate the signature carries, unverified. */
  X509Certificate certificate() {
    return certificate;
  }

  Content.DsseEnvelope envelope() {
    return envelope;
  }

  /** The SHA-256 of the envelope's JSON: what Rekor indexes an {@code intoto} 0.0.1 entry under. */
  Digest sha256() {
    return new Digest("sha256", Keys.sha256(envelope.serialized().orElseThrow()));
  }

  /**
   * The bundle this envelope would have been, had its log entry been written beside it: the
   * certificate from the signature, {@code entry} as the one log entry, held to v0.2's rules.
   */
  Bundle withLogEntry(TlogEntry entry) {
    Objects.requireNonNull(entry, "entry");
    return new Bundle(BundleVersion.V0_2, ASSEMBLED_MEDIA_TYPE,
        new VerificationMaterial.Certificates(List.of(certificate)), List.of(entry), List.of(), envelope);
  }

  private static byte[] base64(String text, String where) throws JsonFormatException {
    return Encoding.base64(text).orElseThrow(() -> new JsonFormatException(where + " is not base64"));
  }

  private static byte[] strip(byte[] file) {
    int start = 0;
    int end = file.length;
    while (start < end && isSpace(file[start])) {
      start++;
    }
    while (end > start && isSpace(file[end - 1])) {
      end--;
    }
    return Arrays.copyOfRange(file, start, end);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
