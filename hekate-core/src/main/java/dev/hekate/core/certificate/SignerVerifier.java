package dev.hekate.core.certificate;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.trust.CertificateAuthority;
import dev.hekate.core.trust.TrustedKey;
import dev.hekate.core.trust.TrustedRoot;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The signer stage: the signer was valid at every time the evidence proved (never at the wall
 * clock). For a Fulcio certificate, {@code certificate.validity} (its window covers every verified
 * time), {@code certificate.chain} (it chains to a certificate authority of the trusted root valid
 * at those times) and {@code certificate.sct} (an embedded SCT from a trusted CT log); for a key
 * chosen by hint, {@code public.key} (one trusted key with that hint was valid at every time).
 */
public final class SignerVerifier {
  private SignerVerifier() {}

  public static void verifyAt(Signer signer, List<Instant> times, TrustedRoot trustedRoot, Checks checks)
      throws Checks.Stop {
    if (signer.key() instanceof SigningKey.Certificate certificate) {
      X509Certificate leaf = certificate.certificate();
      checks.run(CheckId.CERTIFICATE_VALIDITY, "", () -> CertificateVerifier.requireValidAt(leaf, times));
      CertificateAuthority authority = checks.run(CheckId.CERTIFICATE_CHAIN, "",
          () -> CertificateVerifier.verifyChain(leaf, trustedRoot.certificateAuthorities(), times));
      X509Certificate issuer = CertificateVerifier.issuerIn(leaf, authority);
      if (issuer == authority.chain().get(0)) {
        checks.run(CheckId.CERTIFICATE_SCT, "", () -> SctVerifier.verify(leaf, authority, trustedRoot.ctlogs()));
      } else {
        // Issued by a certificate above the first of the authority's chain: the SCT names that one's key.
        checks.run(CheckId.CERTIFICATE_SCT, "", () -> SctVerifier.verify(leaf, issuer, trustedRoot.ctlogs()));
      }
      return;
    }
    if (!signer.candidates().isEmpty()) {
      String keyId = signer.key() instanceof SigningKey.Key key ? key.keyId() : "";
      checks.run(CheckId.PUBLIC_KEY, keyId, () -> requireCandidateValid(signer.candidates(), times));
    }
  }

  private static void requireCandidateValid(List<TrustedKey> candidates, List<Instant> times)
      throws VerificationException {
    for (TrustedKey candidate : candidates) {
      if (times.stream().allMatch(candidate.validity()::contains)) {
        return;
      }
    }
    throw VerificationException.mismatch(CheckId.PUBLIC_KEY, "the signing key was not valid at the signing time",
        candidates.get(0).validity(), times);
  }
}
