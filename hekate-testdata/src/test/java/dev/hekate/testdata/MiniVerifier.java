package dev.hekate.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;

/**
 * A deliberately small, independent Sigstore bundle checker used only to test the fakes: it runs
 * every check it can and reports which failed, so a test can assert that a tamper breaks exactly
 * the intended check and nothing else. Checks that cannot run (no certificate, unknown log) are
 * skipped, not failed.
 */
final class MiniVerifier {

  enum Check {
    MEDIA_TYPE, CERT_PRESENT, ROOT_IN_CHAIN, CERT_CHAIN, SCT_PRESENT, SCT_LOG_TRUSTED, SCT,
    SAN, ISSUER, TLOG_PRESENT, TLOG_DUPLICATE, TLOG_TRUSTED, SET_PRESENT, SET, PROOF_PRESENT, PROOF,
    CHECKPOINT_ROOT, CHECKPOINT_HINT, CHECKPOINT_SIGNATURE, CHECKPOINT_ORIGIN, BODY_SIGNATURE, BODY_KEY,
    BODY_DIGEST, CERT_TIME, NPM_KEY_TIME, TSA_PRESENT, TSA_IMPRINT, TSA_TRUSTED, TSA_SIGNATURE, SIGNATURE,
    MESSAGE_DIGEST, SUBJECT_DIGEST
  }

  private static final Set<String> MEDIA_TYPES = Set.of(
      "application/vnd.dev.sigstore.bundle+json;version=0.1",
      "application/vnd.dev.sigstore.bundle+json;version=0.2",
      "application/vnd.dev.sigstore.bundle+json;version=0.3",
      "application/vnd.dev.sigstore.bundle.v0.3+json");

  private final Set<Check> failed = EnumSet.noneOf(Check.class);
  private final FakeBundle fake;
  private final JsonNode bundle;
  private final JsonNode root;

  private MiniVerifier(FakeBundle fake) {
    this.fake = fake;
    this.bundle = Checks.json(fake.json());
    this.root = Checks.json(fake.trustedRootJson());
  }

  /** The checks {@code fake} fails. */
  static Set<Check> failures(FakeBundle fake) {
    MiniVerifier v = new MiniVerifier(fake);
    v.run();
    return v.failed;
  }

  private void check(boolean ok, Check check) {
    if (!ok) {
      failed.add(check);
    }
  }

  private void run() {
    check(MEDIA_TYPES.contains(bundle.get("mediaType").asText()), Check.MEDIA_TYPE);
    JsonNode vm = bundle.get("verificationMaterial");
    boolean dsse = bundle.has("dsseEnvelope");
    byte[] signature = dsse
        ? Checks.b64(bundle.at("/dsseEnvelope/signatures/0/sig").asText())
        : Checks.b64(bundle.at("/messageSignature/signature").asText());
    byte[] payload = dsse ? Checks.b64(bundle.at("/dsseEnvelope/payload").asText()) : new byte[0];
    String payloadType = dsse ? bundle.at("/dsseEnvelope/payloadType").asText() : "";
    Optional<byte[]> artifact = fake.hasArtifact() ? Optional.of(fake.artifact()) : Optional.empty();

    // --- key material -----------------------------------------------------------------------
    X509Certificate leaf = null;
    PublicKey key = null;
    byte[] keyDer = null;
    JsonNode npmKey = null;
    if (vm.has("publicKey")) {
      String hint = vm.at("/publicKey/hint").asText();
      for (JsonNode k : Checks.json(fake.npmKeysJson()).get("keys")) {
        if (k.get("keyId").asText().equals(hint) && k.get("keyUsage").asText().equals("npm:attestations")) {
          npmKey = k;
        }
      }
      keyDer = Checks.b64(npmKey.at("/publicKey/rawBytes").asText());
      key = Checks.publicKey(keyDer);
    } else {
      List<byte[]> certs = new ArrayList<>();
      if (vm.has("certificate")) {
        String raw = vm.at("/certificate/rawBytes").asText();
        if (!raw.isEmpty()) {
          certs.add(Checks.b64(raw));
        }
      } else {
        for (JsonNode c : vm.at("/x509CertificateChain/certificates")) {
          certs.add(Checks.b64(c.get("rawBytes").asText()));
        }
      }
      check(!certs.isEmpty(), Check.CERT_PRESENT);
      if (!certs.isEmpty()) {
        leaf = Checks.cert(certs.get(0));
        keyDer = certs.get(0);
        key = leaf.getPublicKey();
        for (byte[] c : certs) {
          X509Certificate x = Checks.cert(c);
          check(!x.getSubjectX500Principal().equals(x.getIssuerX500Principal()), Check.ROOT_IN_CHAIN);
        }
        checkCertificate(leaf);
      }
    }

    // --- content ----------------------------------------------------------------------------
    if (key != null) {
      byte[] signed = dsse ? pae(payloadType, payload) : artifact.orElse(null);
      if (signed != null) {
        check(Checks.verify(key, signed, signature), Check.SIGNATURE);
      }
    }
    if (!dsse && artifact.isPresent()) {
      check(Arrays.equals(Checks.sha256(artifact.get()),
          Checks.b64(bundle.at("/messageSignature/messageDigest/digest").asText())), Check.MESSAGE_DIGEST);
    }
    if (dsse && artifact.isPresent()) {
      JsonNode statement = Checks.json(payload);
      JsonNode digest = statement.at("/subject/0/digest");
      String want = digest.has("sha512") ? hex(sha("SHA-512", artifact.get())) : hex(Checks.sha256(artifact.get()));
      String got = digest.has("sha512") ? digest.get("sha512").asText() : digest.get("sha256").asText();
      check(want.equals(got), Check.SUBJECT_DIGEST);
    }

    // --- tlog -------------------------------------------------------------------------------
    JsonNode entries = vm.get("tlogEntries");
    check(entries.size() > 0, Check.TLOG_PRESENT);
    if (entries.size() > 1) {
      check(!entries.get(0).equals(entries.get(1)), Check.TLOG_DUPLICATE);
    }
    Optional<Instant> logTime = Optional.empty();
    if (entries.size() > 0) {
      JsonNode entry = entries.get(0);
      logTime = checkEntry(entry, dsse, signature, payload, payloadType, keyDer, artifact);
    }

    // --- timestamp ----------------------------------------------------------------------------
    Optional<Instant> tsaTime = Optional.empty();
    boolean v2 = entries.size() > 0 && rekorV2(entries.get(0));
    JsonNode stamps = vm.at("/timestampVerificationData/rfc3161Timestamps");
    if (v2) {
      check(stamps.size() > 0, Check.TSA_PRESENT);
    }
    if (stamps.size() > 0) {
      tsaTime = checkTimestamp(Checks.b64(stamps.get(0).get("signedTimestamp").asText()), signature);
    }

    // --- times --------------------------------------------------------------------------------
    List<Instant> times = new ArrayList<>();
    logTime.ifPresent(times::add);
    tsaTime.ifPresent(times::add);
    if (leaf != null) {
      for (Instant t : times) {
        check(!t.isBefore(leaf.getNotBefore().toInstant()) && !t.isAfter(leaf.getNotAfter().toInstant()),
            Check.CERT_TIME);
      }
    }
    if (npmKey != null) {
      Instant start = Instant.parse(npmKey.at("/publicKey/validFor/start").asText());
      JsonNode end = npmKey.at("/publicKey/validFor/end");
      for (Instant t : times) {
        check(!t.isBefore(start) && (end.isMissingNode() || !t.isAfter(Instant.parse(end.asText()))),
            Check.NPM_KEY_TIME);
      }
    }
  }

  private void checkCertificate(X509Certificate leaf) {
    JsonNode ca = root.at("/certificateAuthorities/0/certChain/certificates");
    X509Certificate intermediate = Checks.cert(Checks.b64(ca.get(0).get("rawBytes").asText()));
    X509Certificate caRoot = Checks.cert(Checks.b64(ca.get(1).get("rawBytes").asText()));
    boolean chains = Checks.chains(leaf, List.of(intermediate), caRoot, leaf.getNotBefore().toInstant());
    check(chains, Check.CERT_CHAIN);
    Optional<List<Checks.Sct>> scts = Checks.scts(leaf);
    check(scts.isPresent(), Check.SCT_PRESENT);
    if (scts.isPresent() && chains) {
      Checks.Sct sct = scts.get().get(0);
      JsonNode ctlog = null;
      for (JsonNode c : root.get("ctlogs")) {
        if (Arrays.equals(Checks.b64(c.at("/logId/keyId").asText()), sct.logId())) {
          ctlog = c;
        }
      }
      check(ctlog != null, Check.SCT_LOG_TRUSTED);
      if (ctlog != null) {
        check(Checks.verifySct(leaf, sct, intermediate.getPublicKey(),
            Checks.publicKey(Checks.b64(ctlog.at("/publicKey/rawBytes").asText()))), Check.SCT);
      }
    }
    // Policy: identity and issuer.
    try {
      String san = String.valueOf(leaf.getSubjectAlternativeNames().iterator().next().get(1));
      check(san.equals(fake.expectedIdentity()), Check.SAN);
      byte[] ext = leaf.getExtensionValue("1.3.6.1.4.1.57264.1.8");
      String issuer = ASN1UTF8String.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getString();
      String legacy = new String(ASN1OctetString.getInstance(leaf.getExtensionValue("1.3.6.1.4.1.57264.1.1"))
          .getOctets(), StandardCharsets.UTF_8);
      check(issuer.equals(fake.expectedIssuer()) && legacy.equals(issuer), Check.ISSUER);
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<Instant> checkEntry(JsonNode entry, boolean dsse, byte[] signature, byte[] payload,
      String payloadType, byte[] keyDer, Optional<byte[]> artifact) {
    byte[] body = Checks.b64(entry.get("canonicalizedBody").asText());
    boolean v2 = rekorV2(entry);
    JsonNode log = null;
    for (JsonNode t : root.get("tlogs")) {
      if (t.at("/logId/keyId").asText().equals(entry.at("/logId/keyId").asText())) {
        log = t;
      }
    }
    check(log != null, Check.TLOG_TRUSTED);
    PublicKey logKey = log == null ? null : Checks.publicKey(Checks.b64(log.at("/publicKey/rawBytes").asText()));
    String host = log == null ? null : log.get("baseUrl").asText().replace("https://", "");

    Optional<Instant> logTime = Optional.empty();
    if (!v2) {
      long integratedTime = entry.get("integratedTime").asLong();
      logTime = Optional.of(Instant.ofEpochSecond(integratedTime));
      check(entry.has("inclusionPromise"), Check.SET_PRESENT);
      if (entry.has("inclusionPromise") && logKey != null) {
        byte[] set = Checks.b64(entry.at("/inclusionPromise/signedEntryTimestamp").asText());
        String payloadJson = "{\"body\":\"" + entry.get("canonicalizedBody").asText() + "\",\"integratedTime\":"
            + integratedTime + ",\"logID\":\"" + hex(Checks.b64(entry.at("/logId/keyId").asText()))
            + "\",\"logIndex\":" + entry.get("logIndex").asLong() + "}";
        check(Checks.verify(logKey, payloadJson.getBytes(StandardCharsets.UTF_8), set), Check.SET);
      }
    }
    check(entry.has("inclusionProof"), Check.PROOF_PRESENT);
    if (entry.has("inclusionProof")) {
      JsonNode p = entry.get("inclusionProof");
      List<byte[]> hashes = new ArrayList<>();
      p.get("hashes").forEach(h -> hashes.add(Checks.b64(h.asText())));
      byte[] rootHash = Checks.b64(p.get("rootHash").asText());
      byte[] computed = Checks.rootFromProof(p.get("logIndex").asLong(), p.get("treeSize").asLong(),
          Checks.sha256(new byte[] {0}, body), hashes);
      check(Arrays.equals(computed, rootHash), Check.PROOF);
      Checks.Note note = Checks.parseNote(p.at("/checkpoint/envelope").asText());
      check(note.treeSize() == p.get("treeSize").asLong() && Arrays.equals(note.rootHash(), rootHash),
          Check.CHECKPOINT_ROOT);
      if (logKey != null) {
        byte[] spki = Checks.b64(log.at("/publicKey/rawBytes").asText());
        byte[] hint = v2
            ? Arrays.copyOf(Checks.b64(log.at("/logId/keyId").asText()), 4)
            : Arrays.copyOf(Checks.sha256(spki), 4);
        Checks.NoteSignature match = null;
        for (Checks.NoteSignature s : note.signatures()) {
          if (s.name().equals(host) && Arrays.equals(s.hint(), hint)) {
            match = s;
          }
        }
        check(match != null, Check.CHECKPOINT_HINT);
        if (match != null) {
          check(Checks.verify(logKey, note.text().getBytes(StandardCharsets.UTF_8), match.signature()),
              Check.CHECKPOINT_SIGNATURE);
        }
        check(v2 ? note.origin().equals(host) : note.origin().startsWith(host + " - "), Check.CHECKPOINT_ORIGIN);
      }
    }
    checkBody(Checks.json(body), dsse, signature, payload, payloadType, keyDer, artifact);
    return logTime;
  }

  private void checkBody(JsonNode body, boolean dsse, byte[] signature, byte[] payload, String payloadType,
      byte[] keyDer, Optional<byte[]> artifact) {
    String kind = body.get("kind").asText() + "/" + body.get("apiVersion").asText();
    JsonNode spec = body.get("spec");
    byte[] bodySig;
    byte[] bodyKey;
    switch (kind) {
      case "hashedrekord/0.0.1" -> {
        bodySig = Checks.b64(spec.at("/signature/content").asText());
        bodyKey = Checks.pemToDer(Checks.utf8(Checks.b64(spec.at("/signature/publicKey/content").asText())));
        artifact.ifPresent(a -> check(hex(Checks.sha256(a)).equals(spec.at("/data/hash/value").asText()),
            Check.BODY_DIGEST));
      }
      case "hashedrekord/0.0.2" -> {
        JsonNode inner = spec.get("hashedRekordV002");
        bodySig = Checks.b64(inner.at("/signature/content").asText());
        JsonNode verifier = inner.at("/signature/verifier");
        bodyKey = Checks.b64((verifier.has("x509Certificate") ? verifier.at("/x509Certificate/rawBytes")
            : verifier.at("/publicKey/rawBytes")).asText());
        byte[] digest = Checks.b64(inner.at("/data/digest").asText());
        if (dsse) {
          check(Arrays.equals(digest, Checks.sha256(pae(payloadType, payload))), Check.BODY_DIGEST);
        } else {
          artifact.ifPresent(a -> check(Arrays.equals(digest, Checks.sha256(a)), Check.BODY_DIGEST));
        }
      }
      case "intoto/0.0.2" -> {
        JsonNode sig = spec.at("/content/envelope/signatures/0");
        bodySig = Checks.b64(Checks.utf8(Checks.b64(sig.get("sig").asText())));
        bodyKey = Checks.pemToDer(Checks.utf8(Checks.b64(sig.get("publicKey").asText())));
        check(hex(Checks.sha256(payload)).equals(spec.at("/content/payloadHash/value").asText()), Check.BODY_DIGEST);
      }
      case "dsse/0.0.1" -> {
        bodySig = Checks.b64(spec.at("/signatures/0/signature").asText());
        bodyKey = Checks.pemToDer(Checks.utf8(Checks.b64(spec.at("/signatures/0/verifier").asText())));
        check(hex(Checks.sha256(payload)).equals(spec.at("/payloadHash/value").asText()), Check.BODY_DIGEST);
      }
      case "dsse/0.0.2" -> {
        JsonNode inner = spec.get("dsseV002");
        bodySig = Checks.b64(inner.at("/signatures/0/content").asText());
        JsonNode verifier = inner.at("/signatures/0/verifier");
        bodyKey = Checks.b64((verifier.has("x509Certificate") ? verifier.at("/x509Certificate/rawBytes")
            : verifier.at("/publicKey/rawBytes")).asText());
        check(Arrays.equals(Checks.sha256(payload), Checks.b64(inner.at("/payloadHash/digest").asText())),
            Check.BODY_DIGEST);
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
    check(Arrays.equals(bodySig, signature), Check.BODY_SIGNATURE);
    if (keyDer != null) {
      check(Arrays.equals(bodyKey, keyDer), Check.BODY_KEY);
    }
  }

  private Optional<Instant> checkTimestamp(byte[] response, byte[] signature) {
    try {
      TimeStampToken token = new TimeStampResponse(response).getTimeStampToken();
      check(Arrays.equals(token.getTimeStampInfo().getMessageImprintDigest(), Checks.sha256(signature)),
          Check.TSA_IMPRINT);
      JsonNode chain = root.at("/timestampAuthorities/0/certChain/certificates");
      X509Certificate trustedLeaf = Checks.cert(Checks.b64(chain.get(0).get("rawBytes").asText()));
      X509Certificate trustedRoot = Checks.cert(Checks.b64(chain.get(1).get("rawBytes").asText()));
      @SuppressWarnings("unchecked")
      var embedded = token.getCertificates().getMatches((Selector<X509CertificateHolder>) token.getSID());
      X509CertificateHolder signer = embedded.isEmpty()
          ? new JcaX509CertificateHolder(trustedLeaf) : embedded.iterator().next();
      X509Certificate signerCert = Checks.cert(signer.getEncoded());
      boolean trusted = Checks.chains(signerCert, List.of(), trustedRoot, token.getTimeStampInfo().getGenTime().toInstant());
      check(trusted, Check.TSA_TRUSTED);
      SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().build(signerCert);
      boolean valid;
      try {
        token.validate(verifier);
        valid = true;
      } catch (org.bouncycastle.tsp.TSPValidationException e) {
        valid = false;
      }
      check(valid, Check.TSA_SIGNATURE);
      return Optional.of(token.getTimeStampInfo().getGenTime().toInstant());
    } catch (IOException | org.bouncycastle.tsp.TSPException | java.security.cert.CertificateException
        | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** hashedrekord and dsse 0.0.2 are Rekor v2 kinds; intoto 0.0.2 is a Rekor v1 kind. */
  private static boolean rekorV2(JsonNode entry) {
    String kind = entry.at("/kindVersion/kind").asText();
    return entry.at("/kindVersion/version").asText().equals("0.0.2") && !kind.equals("intoto");
  }

  private static byte[] pae(String type, byte[] payload) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    return Checks.concat(("DSSEv1 " + t.length + " " + type + " " + payload.length + " ")
        .getBytes(StandardCharsets.UTF_8), payload);
  }

  private static byte[] sha(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
