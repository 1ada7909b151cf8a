package dev.hekate.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Sigstore {@code trusted_root.json} ({@code application/vnd.dev.sigstore.trustedroot+json}).
 *
 * <p>Strict where a lenient reader would widen trust: a validity window without a start, or with
 * an unreadable timestamp, is an error rather than "valid forever"; a key or certificate that does
 * not decode is an error rather than skipped.
 */
public final class TrustedRootParser {
  private static final String MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.trustedroot";

  private TrustedRootParser() {}

  /**
   * Parses a trusted root.
   *
   * @throws VerificationException with {@link CheckId#TRUSTED_ROOT} if the document is malformed
   */
  public static TrustedRoot parse(byte[] json) throws VerificationException {
    try {
      JsonNode root = Json.parse(json, Limits.MAX_TRUST_DOCUMENT_BYTES, "trusted root");
      if (!root.isObject()) {
        throw new JsonFormatException("trusted root must be a JSON object");
      }
      Optional<String> mediaType = Json.optionalString(root, "mediaType", "trustedRoot");
      if (mediaType.isPresent() && !mediaType.get().startsWith(MEDIA_TYPE_PREFIX)) {
        throw new JsonFormatException("trusted root has media type " + mediaType.get());
      }
      List<TransparencyLog> tlogs = logs(Json.optionalArray(root, "tlogs", "trustedRoot"), "tlogs");
      if (tlogs.isEmpty()) {
        // Every Sigstore verification needs a log: a root without one (`{}`, say) can verify nothing.
        throw new JsonFormatException("the trusted root names no transparency log (tlogs): it can verify nothing");
      }
      return new TrustedRoot(
          tlogs,
          authorities(Json.optionalArray(root, "certificateAuthorities", "trustedRoot"), "certificateAuthorities"),
          logs(Json.optionalArray(root, "ctlogs", "trustedRoot"), "ctlogs"),
          authorities(Json.optionalArray(root, "timestampAuthorities", "trustedRoot"), "timestampAuthorities"));
    } catch (JsonFormatException e) {
      throw VerificationException.invalid(CheckId.TRUSTED_ROOT, e.getMessage());
    }
  }

  private static List<TransparencyLog> logs(JsonNode array, String where) throws JsonFormatException {
    List<TransparencyLog> logs = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = where + "[" + i + "]";
      JsonNode log = array.get(i);
      JsonNode publicKey = Json.object(log, "publicKey", at);
      byte[] raw = base64(Json.string(publicKey, "rawBytes", at + ".publicKey"), at + ".publicKey.rawBytes");
      String keyDetails = Json.optionalString(publicKey, "keyDetails", at + ".publicKey").orElse("");
      PublicKey key = Keys.publicKey(raw, keyDetails)
          .orElseThrow(() -> new JsonFormatException(at + ".publicKey is not a supported public key"));
      KeyDetails.requireMatches(keyDetails, key, at + ".publicKey");
      ValidityPeriod validity = validity(publicKey, at + ".publicKey");
      byte[] logId = base64(Json.string(Json.object(log, "logId", at), "keyId", at + ".logId"), at + ".logId.keyId");
      String baseUrl = Json.optionalString(log, "baseUrl", at).orElse("");
      logs.add(new TransparencyLog(baseUrl, new LogId(logId), key, keyDetails, validity));
    }
    return logs;
  }

  private static List<CertificateAuthority> authorities(JsonNode array, String where) throws JsonFormatException {
    List<CertificateAuthority> authorities = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = where + "[" + i + "]";
      JsonNode authority = array.get(i);
      JsonNode certificates = Json.array(Json.object(authority, "certChain", at), "certificates", at + ".certChain");
      if (certificates.isEmpty() || certificates.size() > Limits.MAX_CHAIN_LENGTH) {
        throw new JsonFormatException(at + ".certChain must hold 1 to " + Limits.MAX_CHAIN_LENGTH + " certificates");
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (int c = 0; c < certificates.size(); c++) {
        String certAt = at + ".certChain.certificates[" + c + "]";
        byte[] der = base64(Json.string(certificates.get(c), "rawBytes", certAt), certAt + ".rawBytes");
        chain.add(Keys.certificate(der)
            .orElseThrow(() -> new JsonFormatException(certAt + " is not an X.509 certificate")));
      }
      String uri = Json.optionalString(authority, "uri", at).orElse("");
      authorities.add(new CertificateAuthority(uri, chain, validity(authority, at)));
    }
    return authorities;
  }

  /** A {@code validFor} member: required, with a required start and an optional end. */
  static ValidityPeriod validity(JsonNode parent, String where) throws JsonFormatException {
    JsonNode validFor = Json.object(parent, "validFor", where);
    Instant start = instant(Json.optionalString(validFor, "start", where + ".validFor")
        .orElseThrow(() -> new JsonFormatException(where + ".validFor has no start")), where + ".validFor.start");
    Optional<String> endText = Json.optionalString(validFor, "end", where + ".validFor");
    if (endText.isEmpty()) {
      return ValidityPeriod.from(start);
    }
    Instant end = instant(endText.get(), where + ".validFor.end");
    if (end.isBefore(start)) {
      throw new JsonFormatException(where + ".validFor ends before it starts");
    }
    return ValidityPeriod.between(start, end);
  }

  static Instant instant(String text, String where) throws JsonFormatException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new JsonFormatException(where + " is not an RFC 3339 time: " + text);
    }
  }

  private static byte[] base64(String text, String where) throws JsonFormatException {
    return Encoding.base64(text).orElseThrow(() -> new JsonFormatException(where + " is not base64"));
  }
}
