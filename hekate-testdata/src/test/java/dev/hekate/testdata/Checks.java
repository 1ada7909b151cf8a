package dev.hekate.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * Independent re-implementations used by the tests to check the fakes (and real data): written from
 * the specifications, sharing no code with the generators beyond trivial encoders.
 */
final class Checks {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";

  private Checks() {}

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate cert(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static PublicKey publicKey(byte[] spki) {
    String algorithm = spki.length == 44 ? "Ed25519" : "EC";
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Verifies a signature the way a JDK-only client would (ECDSA with SHA-256/384, or Ed25519). */
  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> ((java.security.interfaces.ECPublicKey) key).getParams().getCurve().getField().getFieldSize() > 256
          ? "SHA384withECDSA" : "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException(key.getAlgorithm());
    };
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- signed notes --------------------------------------------------------------------------

  /** A checkpoint split into its signed text and its signature lines. */
  record Note(String text, List<String> lines, List<NoteSignature> signatures) {
    String origin() {
      return lines.get(0);
    }

    long treeSize() {
      return Long.parseLong(lines.get(1));
    }

    byte[] rootHash() {
      return b64(lines.get(2));
    }
  }

  record NoteSignature(String name, byte[] hint, byte[] signature) {}

  static Note parseNote(String envelope) {
    int split = envelope.indexOf("\n\n");
    String text = envelope.substring(0, split + 1);
    List<NoteSignature> sigs = new ArrayList<>();
    for (String line : envelope.substring(split + 2).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ");
      if (!parts[0].equals("\u2014") || parts.length != 3) {
        throw new IllegalArgumentException("not a signature line: " + line);
      }
      byte[] raw = b64(parts[2]);
      sigs.add(new NoteSignature(parts[1], Arrays.copyOf(raw, 4), Arrays.copyOfRange(raw, 4, raw.length)));
    }
    return new Note(text, List.of(text.split("\n")), sigs);
  }

  // --- Merkle proofs -------------------------------------------------------------------------

  /** RFC 9162 section 2.1.3.2: the root an inclusion proof leads to. */
  static byte[] rootFromProof(long index, long treeSize, byte[] leafHash, List<byte[]> proof) {
    if (index >= treeSize) {
      throw new IllegalArgumentException("index beyond tree");
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return new byte[0]; // proof too long
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = sha256(new byte[] {1}, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = sha256(new byte[] {1}, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? r : new byte[0];
  }

  /** RFC 6962 MTH by plain recursion over all leaves. */
  static byte[] naiveRoot(List<byte[]> leafHashes) {
    if (leafHashes.size() == 1) {
      return leafHashes.get(0);
    }
    int k = 1;
    while (k * 2 < leafHashes.size()) {
      k *= 2;
    }
    return sha256(new byte[] {1}, naiveRoot(leafHashes.subList(0, k)),
        naiveRoot(leafHashes.subList(k, leafHashes.size())));
  }

  // --- SCTs ----------------------------------------------------------------------------------

  /** One parsed SCT from a certificate's embedded list. */
  record Sct(byte[] logId, long timestamp, byte[] extensions, byte[] signature) {}

  static Optional<List<Sct>> scts(X509Certificate leaf) {
    byte[] ext = leaf.getExtensionValue(SCT_OID);
    if (ext == null) {
      return Optional.empty();
    }
    byte[] tls = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
    List<Sct> out = new ArrayList<>();
    int total = u16(tls, 0);
    int pos = 2;
    while (pos < 2 + total) {
      int len = u16(tls, pos);
      byte[] s = Arrays.copyOfRange(tls, pos + 2, pos + 2 + len);
      pos += 2 + len;
      int p = 1;
      byte[] logId = Arrays.copyOfRange(s, p, p + 32);
      p += 32;
      long ts = 0;
      for (int i = 0; i < 8; i++) {
        ts = (ts << 8) | (s[p + i] & 0xff);
      }
      p += 8;
      int extLen = u16(s, p);
      byte[] extensions = Arrays.copyOfRange(s, p + 2, p + 2 + extLen);
      p += 2 + extLen + 2; // hash and signature algorithm bytes
      int sigLen = u16(s, p);
      out.add(new Sct(logId, ts, extensions, Arrays.copyOfRange(s, p + 2, p + 2 + sigLen)));
    }
    return Optional.of(out);
  }

  /** RFC 6962 3.2: verifies an embedded SCT over the precertificate TBS (final TBS minus the SCT list). */
  static boolean verifySct(X509Certificate leaf, Sct sct, PublicKey issuerKey, PublicKey logKey) {
    try {
      byte[] tbs = tbsWithoutSct(leaf.getTBSCertificate());
      byte[] signed = concat(
          new byte[] {0, 0},
          u64(sct.timestamp()),
          new byte[] {0, 1},
          sha256(issuerKey.getEncoded()),
          new byte[] {(byte) (tbs.length >>> 16), (byte) (tbs.length >>> 8), (byte) tbs.length},
          tbs,
          new byte[] {(byte) (sct.extensions().length >>> 8), (byte) sct.extensions().length},
          sct.extensions());
      return verify(logKey, signed, sct.signature());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] tbsWithoutSct(byte[] tbsDer) throws IOException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(tbsDer);
    ASN1EncodableVector out = new ASN1EncodableVector();
    for (ASN1Encodable element : tbs) {
      if (element instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
        Extensions exts = Extensions.getInstance(tagged.getExplicitBaseObject());
        List<Extension> kept = new ArrayList<>();
        for (var oid : exts.getExtensionOIDs()) {
          if (!oid.getId().equals(SCT_OID)) {
            kept.add(exts.getExtension(oid));
          }
        }
        out.add(new DERTaggedObject(true, 3, new Extensions(kept.toArray(new Extension[0]))));
      } else {
        out.add(element);
      }
    }
    return new DERSequence(out).getEncoded(ASN1Encoding.DER);
  }

  // --- PKIX ----------------------------------------------------------------------------------

  /** Whether {@code leaf} chains to {@code root} through {@code intermediates}, valid at {@code at}. */
  static boolean chains(X509Certificate leaf, List<X509Certificate> intermediates, X509Certificate root, Instant at) {
    try {
      List<X509Certificate> path = new ArrayList<>();
      path.add(leaf);
      path.addAll(intermediates);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return true;
    } catch (java.security.cert.CertPathValidatorException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- bytes ---------------------------------------------------------------------------------

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static byte[] u64(long v) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (v >>> (56 - 8 * i));
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static byte[] pemToDer(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return b64(body);
  }
}
