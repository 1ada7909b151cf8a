package dev.hekate.core.policy;

import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who must have signed: the certificate's subject alternative name (exact or a regular
 * expression matched against the whole SAN), its OIDC issuer (exact), and optionally exact values
 * of other Fulcio extensions. A valid certificate for anyone else fails here, not earlier: the
 * evidence is genuine, it is just not the signer that was asked for.
 */
public record IdentityPolicy(SanMatcher san, String issuer, Map<String, String> extensions) {

  public IdentityPolicy {
    Objects.requireNonNull(san, "san");
    Objects.requireNonNull(issuer, "issuer");
    extensions = Map.copyOf(extensions);
  }

  public static IdentityPolicy exact(String san, String issuer) {
    return new IdentityPolicy(SanMatcher.exact(san), issuer, Map.of());
  }

  public static IdentityPolicy regex(String sanRegex, String issuer) {
    return new IdentityPolicy(SanMatcher.regex(sanRegex), issuer, Map.of());
  }

  /** The same policy, also requiring Fulcio extension values (by {@link FulcioExtensions} component name). */
  public IdentityPolicy withExtensions(Map<String, String> expected) {
    return new IdentityPolicy(san, issuer, expected);
  }

  /** How the SAN is matched. */
  public record SanMatcher(String expected, Pattern pattern) {
    public static SanMatcher exact(String san) {
      return new SanMatcher(san, Pattern.compile(Pattern.quote(san)));
    }

    public static SanMatcher regex(String regex) {
      return new SanMatcher(regex, Pattern.compile(regex));
    }

    boolean matches(String value) {
      return pattern.matcher(value).matches();
    }
  }

  /** @throws VerificationException {@link CheckId#IDENTITY_SAN} when no SAN matches */
  public void requireSan(X509Certificate leaf) throws VerificationException {
    List<String> sans = subjectAlternativeNames(leaf);
    for (String value : sans) {
      if (san.matches(value)) {
        return;
      }
    }
    throw VerificationException.mismatch(CheckId.IDENTITY_SAN,
        "the signing certificate is for another identity", san.expected(), String.join(", ", sans));
  }

  /** @throws VerificationException {@link CheckId#IDENTITY_ISSUER} when the OIDC issuer differs */
  public void requireIssuer(FulcioExtensions claims) throws VerificationException {
    if (!issuer.equals(claims.issuer())) {
      throw VerificationException.mismatch(CheckId.IDENTITY_ISSUER,
          "the signing certificate was issued for another OIDC issuer", issuer, claims.issuer());
    }
  }

  /** @throws VerificationException {@link CheckId#IDENTITY_EXTENSIONS} when a required claim differs */
  public void requireExtensions(FulcioExtensions claims) throws VerificationException {
    Map<String, String> actual = claims.asMap();
    for (Map.Entry<String, String> expected : extensions.entrySet()) {
      String value = actual.getOrDefault(expected.getKey(), "");
      if (!expected.getValue().equals(value)) {
        throw VerificationException.mismatch(CheckId.IDENTITY_EXTENSIONS,
            "the certificate's " + expected.getKey() + " differs", expected.getValue(), value);
      }
    }
  }

  /** URI, e-mail and other-name SANs of a certificate, as strings. */
  public static List<String> subjectAlternativeNames(X509Certificate leaf) {
    List<String> values = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          Object type = name.get(0);
          Object value = name.get(1);
          if ((Integer.valueOf(1).equals(type) || Integer.valueOf(6).equals(type)) && value instanceof String s) {
            values.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable SAN: the match fails below
    }
    return values;
  }
}
