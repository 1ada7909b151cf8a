package dev.hekate.core.certificate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The claims Fulcio writes into a signing certificate (OIDs {@code 1.3.6.1.4.1.57264.1.*}),
 * decoded into one typed record. A claim the certificate does not carry is the empty string.
 *
 * <p>Extensions .1 to .6 are the deprecated GitHub-specific ones, whose value is the raw UTF-8
 * string; .8 onwards wrap the value in a DER UTF8String. Where both name the same claim (issuer),
 * the newer one wins.
 */
public record FulcioExtensions(
    // Mirrors testdata GithubExtensions on purpose: testdata is an independent second implementation.
    String issuer,
    String buildSignerUri,
    String buildSignerDigest,
    String runnerEnvironment,
    String sourceRepositoryUri,
    String sourceRepositoryDigest,
    String sourceRepositoryRef,
    String sourceRepositoryIdentifier,
    String sourceRepositoryOwnerUri,
    String sourceRepositoryOwnerIdentifier,
    String buildConfigUri,
    String buildConfigDigest,
    String buildTrigger,
    String runInvocationUri,
    String sourceRepositoryVisibilityAtSigning,
    String githubWorkflowTrigger,
    String githubWorkflowSha,
    String githubWorkflowName,
    String githubWorkflowRepository,
    String githubWorkflowRef) {

  private static final String ARC = "1.3.6.1.4.1.57264.1.";

  /**
   * Decodes the Fulcio extensions of a certificate.
   *
   * @throws IllegalArgumentException if an extension is present but not decodable
   */
  /** The source repository's URL: the 2023 extension, or the older GitHub-only one; empty when neither is set. */
  public String repository() {
    if (!sourceRepositoryUri.isEmpty()) {
      return sourceRepositoryUri;
    }
    return githubWorkflowRepository.isEmpty() ? "" : "https://github.com/" + githubWorkflowRepository;
  }

  /** The commit built: the 2023 extension, or the older GitHub-only one. */
  public String commit() {
    return sourceRepositoryDigest.isEmpty() ? githubWorkflowSha : sourceRepositoryDigest;
  }

  /** The ref built: the 2023 extension, or the older GitHub-only one. */
  public String ref() {
    return sourceRepositoryRef.isEmpty() ? githubWorkflowRef : sourceRepositoryRef;
  }

  /** The triggering event: the 2023 extension, or the older GitHub-only one. */
  public String trigger() {
    return buildTrigger.isEmpty() ? githubWorkflowTrigger : buildTrigger;
  }

  public static FulcioExtensions of(X509Certificate certificate) {
    return new FulcioExtensions(
        issuerOf(certificate),
        der(certificate, 9),
        der(certificate, 10),
        der(certificate, 11),
        der(certificate, 12),
        der(certificate, 13),
        der(certificate, 14),
        der(certificate, 15),
        der(certificate, 16),
        der(certificate, 17),
        der(certificate, 18),
        der(certificate, 19),
        der(certificate, 20),
        der(certificate, 21),
        der(certificate, 22),
        raw(certificate, 2),
        raw(certificate, 3),
        raw(certificate, 4),
        raw(certificate, 5),
        raw(certificate, 6));
  }

  /**
   * Only the issuer claim, as {@link #of} would decode it ({@code .8}, else {@code .1}), for
   * callers that need nothing else; the other extensions are not read, so not checked either.
   *
   * @throws IllegalArgumentException if {@code .8} or {@code .1} is present but not decodable
   */
  public static String issuerOf(X509Certificate certificate) {
    String issuerV1 = raw(certificate, 1);
    String issuerV2 = der(certificate, 8);
    return issuerV2.isEmpty() ? issuerV1 : issuerV2;
  }

  /** The non-empty claims by name, in declaration order, for reports. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (var component : FulcioExtensions.class.getRecordComponents()) {
      try {
        String value = (String) component.getAccessor().invoke(this);
        if (!value.isEmpty()) {
          map.put(component.getName(), value);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return map;
  }

  private static byte[] octets(X509Certificate certificate, int arc) {
    byte[] value = certificate.getExtensionValue(ARC + arc);
    if (value == null) {
      return null;
    }
    return ASN1OctetString.getInstance(value).getOctets();
  }

  private static String raw(X509Certificate certificate, int arc) {
    byte[] octets = octets(certificate, arc);
    return octets == null ? "" : new String(octets, StandardCharsets.UTF_8);
  }

  private static String der(X509Certificate certificate, int arc) {
    byte[] octets = octets(certificate, arc);
    if (octets == null) {
      return "";
    }
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(octets);
      if (primitive instanceof ASN1String string) {
        return string.getString();
      }
    } catch (IOException | IllegalArgumentException e) {
      // fall through
    }
    throw new IllegalArgumentException("Fulcio extension " + ARC + arc + " is not a DER string");
  }
}
