package dev.hekate.core.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A public key as securesystemslib describes it: key type, signature scheme, the key, and its key
 * id — the SHA-256 of the canonical JSON of {@code {keyid_hash_algorithms, keytype, keyval:
 * {public}, scheme}}, which is how layouts name functionaries and signatures name signers.
 */
public record InTotoKey(String keyId, String keyType, String scheme, PublicKey publicKey) {
  /** What securesystemslib writes as {@code keyid_hash_algorithms} when it imports a PEM key. */
  private static final List<String> DEFAULT_HASH_ALGORITHMS = List.of("sha256", "sha512");
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  /**
   * A key of a layout's {@code keys} map. Its key id must be the one the layout files it under,
   * recomputed here, so a layout cannot name one key and carry another.
   */
  public static InTotoKey fromLayout(String keyId, JsonNode key) throws InTotoFormatException, UnsupportedInTotoException {
    InTotoKey parsed = fromJson(key, "layout key " + keyId);
    if (!parsed.keyId().equals(keyId)) {
      throw new InTotoFormatException("layout key " + keyId + " has key id " + parsed.keyId()
          + " when computed from its contents");
    }
    return parsed;
  }

  /**
   * A key file given on the command line: PEM ({@code PUBLIC KEY}: RSA, ECDSA P-256/P-384,
   * Ed25519) or a securesystemslib JSON key ({@code {"keytype","scheme","keyval":{"public"}}}).
   */
  public static InTotoKey fromFile(byte[] bytes, String what) throws InTotoFormatException, UnsupportedInTotoException {
    if (bytes.length > Limits.MAX_INTOTO_KEY_BYTES) {
      throw new InTotoFormatException(what + " is " + bytes.length + " bytes, over the limit of "
          + Limits.MAX_INTOTO_KEY_BYTES);
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      try {
        return fromJson(Json.parse(bytes, Limits.MAX_INTOTO_KEY_BYTES, what), what);
      } catch (JsonFormatException e) {
        throw new InTotoFormatException(e.getMessage());
      }
    }
    int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
    String endMarker = "-----END PUBLIC KEY-----";
    int end = text.indexOf(endMarker);
    if (begin < 0 || end < begin) {
      throw new UnsupportedInTotoException(what + " is neither a PEM PUBLIC KEY nor a securesystemslib JSON key"
          + " (certificates and private keys are not supported)");
    }
    String pem = text.substring(begin, end + endMarker.length());
    PublicKey key = Keys.publicKeyPem(pem)
        .orElseThrow(() -> new InTotoFormatException(what + " is not a readable public key"));
    String keyType;
    String scheme;
    String publicValue = pem;
    if (key instanceof RSAPublicKey) {
      keyType = "rsa";
      scheme = "rsassa-pss-sha256";
    } else if (key instanceof ECPublicKey ec) {
      keyType = "ecdsa";
      scheme = switch (ec.getParams().getCurve().getField().getFieldSize()) {
        case 256 -> "ecdsa-sha2-nistp256";
        case 384 -> "ecdsa-sha2-nistp384";
        default -> throw new UnsupportedInTotoException(what + ": only P-256 and P-384 ECDSA keys are supported");
      };
    } else if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
      keyType = "ed25519";
      scheme = "ed25519";
      byte[] spki = key.getEncoded();
      publicValue = Encoding.toHex(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    } else {
      throw new UnsupportedInTotoException(what + ": key type " + key.getAlgorithm() + " is not supported");
    }
    return new InTotoKey(keyId(DEFAULT_HASH_ALGORITHMS, keyType, scheme, publicValue), keyType, scheme, key);
  }

  private static InTotoKey fromJson(JsonNode key, String what) throws InTotoFormatException, UnsupportedInTotoException {
    if (!key.isObject()) {
      throw new InTotoFormatException(what + " is not an object");
    }
    String keyType = text(key, "keytype", what);
    String scheme = text(key, "scheme", what);
    JsonNode keyval = key.get("keyval");
    if (keyval == null || !keyval.isObject()) {
      throw new InTotoFormatException(what + ".keyval must be an object");
    }
    String publicValue = text(keyval, "public", what + ".keyval");
    Optional<List<String>> hashAlgorithms = Optional.empty();
    JsonNode algorithms = key.get("keyid_hash_algorithms");
    if (algorithms != null) {
      if (!algorithms.isArray() || algorithms.size() > 8) {
        throw new InTotoFormatException(what + ".keyid_hash_algorithms must be a short array of strings");
      }
      List<String> list = new java.util.ArrayList<>();
      for (JsonNode a : algorithms) {
        if (!a.isTextual()) {
          throw new InTotoFormatException(what + ".keyid_hash_algorithms must be a short array of strings");
        }
        list.add(a.textValue());
      }
      hashAlgorithms = Optional.of(list);
    }
    PublicKey publicKey = switch (keyType) {
      case "rsa" -> requireSchemes(what, scheme, List.of("rsassa-pss-sha256", "rsa-pkcs1v15-sha256"), pem(publicValue, what));
      case "ecdsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384" ->
          requireSchemes(what, scheme, List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384"), pem(publicValue, what));
      case "ed25519" -> requireSchemes(what, scheme, List.of("ed25519"), ed25519(publicValue, what));
      default -> throw new UnsupportedInTotoException(what + ": key type " + keyType + " is not supported");
    };
    if (keyType.equals("rsa") != publicKey instanceof RSAPublicKey
        || keyType.startsWith("ecdsa") != publicKey instanceof ECPublicKey) {
      throw new InTotoFormatException(what + ": the key is not of its declared type " + keyType);
    }
    return new InTotoKey(keyId(hashAlgorithms.orElse(null), keyType, scheme, publicValue), keyType, scheme, publicKey);
  }

  private static PublicKey requireSchemes(String what, String scheme, List<String> schemes, PublicKey key)
      throws UnsupportedInTotoException {
    if (!schemes.contains(scheme)) {
      throw new UnsupportedInTotoException(what + ": signature scheme " + scheme + " is not supported");
    }
    return key;
  }

  private static PublicKey pem(String pem, String what) throws InTotoFormatException {
    return Keys.publicKeyPem(pem).orElseThrow(() -> new InTotoFormatException(what + ": keyval.public is not a PEM public key"));
  }

  private static PublicKey ed25519(String hex, String what) throws InTotoFormatException {
    byte[] raw = Encoding.hex(hex).filter(b -> b.length == 32)
        .orElseThrow(() -> new InTotoFormatException(what + ": an ed25519 key is 64 hex digits"));
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    return Keys.publicKey(spki).orElseThrow(() -> new InTotoFormatException(what + ": not an ed25519 key"));
  }

  private static String text(JsonNode node, String field, String what) throws InTotoFormatException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InTotoFormatException(what + "." + field + " must be a string");
    }
    return value.textValue();
  }

  /** securesystemslib's key id: SHA-256 of the canonical public part; {@code hashAlgorithms} null when absent. */
  static String keyId(List<String> hashAlgorithms, String keyType, String scheme, String publicValue)
      throws InTotoFormatException {
    ObjectNode node = Json.mapper().createObjectNode();
    if (hashAlgorithms != null) {
      var array = node.putArray("keyid_hash_algorithms");
      hashAlgorithms.forEach(array::add);
    }
    node.put("keytype", keyType);
    node.putObject("keyval").put("public", publicValue);
    node.put("scheme", scheme);
    return Encoding.toHex(Keys.sha256(CanonicalJson.encode(node)));
  }
}
