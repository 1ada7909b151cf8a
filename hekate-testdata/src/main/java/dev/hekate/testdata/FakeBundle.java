package dev.hekate.testdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A generated Sigstore bundle together with everything a verifier is given alongside it: the
 * artifact, the expected identity, and the trust material. Immutable; byte arrays are copied.
 */
public final class FakeBundle {

  private final byte[] json;
  private final Optional<byte[]> artifact;
  private final BundleVersion version;
  private final TlogKind tlogKind;
  private final Set<Tamper> tampers;
  private final Optional<X509Certificate> certificate;
  private final Optional<String> publicKeyPem;
  private final String expectedIdentity;
  private final String expectedIssuer;
  private final byte[] trustedRootJson;
  private final byte[] npmKeysJson;
  private final byte[] signature;
  private final Optional<byte[]> dssePayload;
  private final Optional<String> predicateType;
  private final Instant signingTime;
  private final Optional<Instant> integratedTime;
  private final Optional<Instant> timestampTime;
  private final Optional<byte[]> rawDsseEnvelope;

  FakeBundle(byte[] json, Optional<byte[]> artifact, BundleVersion version, TlogKind tlogKind, Set<Tamper> tampers,
      Optional<X509Certificate> certificate, Optional<String> publicKeyPem, String expectedIdentity,
      String expectedIssuer, byte[] trustedRootJson, byte[] npmKeysJson, byte[] signature,
      Optional<byte[]> dssePayload, Optional<String> predicateType, Instant signingTime,
      Optional<Instant> integratedTime, Optional<Instant> timestampTime, Optional<byte[]> rawDsseEnvelope) {
    this.json = json;
    this.artifact = artifact.map(byte[]::clone);
    this.version = version;
    this.tlogKind = tlogKind;
    this.tampers = tampers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tampers));
    this.certificate = certificate;
    this.publicKeyPem = publicKeyPem;
    this.expectedIdentity = expectedIdentity;
    this.expectedIssuer = expectedIssuer;
    this.trustedRootJson = trustedRootJson;
    this.npmKeysJson = npmKeysJson;
    this.signature = signature.clone();
    this.dssePayload = dssePayload.map(byte[]::clone);
    this.predicateType = predicateType;
    this.signingTime = signingTime;
    this.integratedTime = integratedTime;
    this.timestampTime = timestampTime;
    this.rawDsseEnvelope = rawDsseEnvelope.map(byte[]::clone);
  }

  /** The bundle as compact UTF-8 JSON. */
  public byte[] json() {
    return json.clone();
  }

  /** The bundle as a string. */
  public String jsonString() {
    return new String(json, StandardCharsets.UTF_8);
  }

  /** Whether there are artifact bytes to verify against (message signatures, statements made with an artifact). */
  public boolean hasArtifact() {
    return artifact.isPresent();
  }

  /**
   * The bytes to verify the bundle against (other bytes under {@link Tamper#ARTIFACT}).
   *
   * @throws IllegalStateException if the content was a DSSE payload without an artifact
   */
  public byte[] artifact() {
    return artifact.orElseThrow(() -> new IllegalStateException("this bundle was built without an artifact")).clone();
  }

  /** Lower-case hex SHA-256 of {@link #artifact()}, for digest-only verification. */
  public String sha256() {
    return Bytes.hex(Bytes.sha256(artifact()));
  }

  /** The bundle format. */
  // Plain accessors, one per field: nothing to share but the shape.
  public BundleVersion version() {
    return version;
  }

  /** The Rekor entry kind. */
  public TlogKind tlogKind() {
    return tlogKind;
  }

  /** The tampers applied (empty for a valid bundle). */
  public Set<Tamper> tampers() {
    return tampers;
  }

  /** The Fulcio leaf certificate, absent for a key-signed bundle. */
  public Optional<X509Certificate> certificate() {
    return certificate;
  }

  /** The leaf certificate as PEM, absent for a key-signed bundle. */
  public Optional<String> certificatePem() {
    return certificate.map(c -> Pem.certificate(Certificates.der(c)));
  }

  /** The signing public key as PEM, present only for a bundle signed with the npm key. */
  public Optional<String> publicKeyPem() {
    return publicKeyPem;
  }

  /** The identity the caller asked for: what a verifier's policy should demand (differs from the certificate under {@link Tamper#WRONG_SAN}). */
  public String expectedIdentity() {
    return expectedIdentity;
  }

  /** The OIDC issuer the caller asked for (differs from the certificate under {@link Tamper#WRONG_ISSUER}). */
  public String expectedIssuer() {
    return expectedIssuer;
  }

  /** The trusted root to verify with. */
  public byte[] trustedRootJson() {
    return trustedRootJson.clone();
  }

  /** The npm keys.json to verify with (the key ends early under {@link Tamper#NPM_KEY_OUTSIDE_VALIDITY}). */
  public byte[] npmKeysJson() {
    return npmKeysJson.clone();
  }

  /** The content signature as it appears in the bundle. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The DSSE payload as it appears in the bundle, absent for a message signature. */
  public Optional<byte[]> dssePayload() {
    return dssePayload.map(byte[]::clone);
  }

  /** The in-toto predicate type, present when the content is an in-toto statement. */
  // Plain accessors, one per field: nothing to share but the shape.
  public Optional<String> predicateType() {
    return predicateType;
  }

  /** When the signature was made (the leaf's notBefore). */
  public Instant signingTime() {
    return signingTime;
  }

  /** The Rekor v1 integrated time covered by the SET; absent for Rekor v2. */
  public Optional<Instant> integratedTime() {
    return integratedTime;
  }

  /** The RFC 3161 timestamp's genTime, when the bundle has one. */
  public Optional<Instant> timestampTime() {
    return timestampTime;
  }

  /**
   * The envelope alone, as slsa-github-generator wrote provenance before v2.1.0 (a raw DSSE
   * {@code .intoto.jsonl}): {@code {"payloadType","payload","signatures":[{"keyid","sig","cert"}]}},
   * the certificate as PEM inside the signature, no log entry. Present for a DSSE bundle signed
   * with a certificate; its {@link TlogKind#INTOTO_001} entry records the SHA-256 of these bytes.
   */
  public Optional<byte[]> rawDsseEnvelope() {
    return rawDsseEnvelope.map(byte[]::clone);
  }

  /**
   * Writes the case the way sigstore-conformance lays out a bundle-verify case: {@code bundle.sigstore.json},
   * {@code trusted_root.json}, {@code artifact} (if any), {@code identity} and {@code issuer} (or
   * {@code key.pub} for a key-signed bundle) and {@code npm_keys.json}.
   */
  public void writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.write(directory.resolve("bundle.sigstore.json"), json);
    Files.write(directory.resolve("trusted_root.json"), trustedRootJson);
    Files.write(directory.resolve("npm_keys.json"), npmKeysJson);
    if (artifact.isPresent()) {
      Files.write(directory.resolve("artifact"), artifact.get());
    }
    if (publicKeyPem.isPresent()) {
      Files.writeString(directory.resolve("key.pub"), publicKeyPem.get());
    } else {
      Files.writeString(directory.resolve("identity"), expectedIdentity);
      Files.writeString(directory.resolve("issuer"), expectedIssuer);
    }
  }

  @Override
  public String toString() {
    return "FakeBundle[" + version + ", " + tlogKind + ", tampers=" + tampers + "]";
  }
}
