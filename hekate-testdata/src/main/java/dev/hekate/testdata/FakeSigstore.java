package dev.hekate.testdata;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * An in-process Sigstore: a Fulcio-like CA, a CT log, a Rekor v1 log (ECDSA), a Rekor v2 log
 * (Ed25519), an RFC 3161 timestamp authority and an npm-registry-like key, plus an "untrusted" twin
 * of each (same names, other keys) for the tamper cases. It is a second, independent implementation
 * of the formats, written for testing verifiers; it does no I/O.
 *
 * <p>Everything is deterministic: keys are derived from fixed labels, signatures use RFC 6979
 * nonces, and the clock is {@link #now()} (fixed unless configured). The same configuration and
 * builder calls give byte-identical bundles in every run. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * FakeSigstore sigstore = FakeSigstore.create();
 * FakeBundle bundle = sigstore.bundle().messageSignature(bytes).tamper(Tamper.SET_SIGNATURE).build();
 * verify(bundle.json(), bundle.artifact(), bundle.trustedRootJson());
 * }</pre>
 *
 * <p>One file on purpose: it is the one place that wires every fake service, its untrusted twin and
 * the trusted-root and npm-keys documents they appear in, which must all agree.
 */
public final class FakeSigstore {

  /** The default signing clock. */
  public static final Instant DEFAULT_NOW = Instant.parse("2025-10-01T12:00:00Z");

  static final String ORGANIZATION = "hekate.test";
  private static final Duration DEFAULT_HISTORY = Duration.ofDays(365);
  private static final Duration OPEN_CERT_LIFETIME = Duration.ofDays(3650);
  private static final DateTimeFormatter NPM_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final class DefaultHolder {
    static final FakeSigstore INSTANCE = builder().build();
  }

  private final Instant now;
  private final FakeCa ca;
  private final FakeCa untrustedCa;
  private final FakeCtLog ctLog;
  private final FakeCtLog untrustedCtLog;
  private final FakeLog rekorV1;
  private final FakeLog untrustedRekorV1;
  private final FakeLog rekorV2;
  private final FakeLog untrustedRekorV2;
  private final FakeTsa tsa;
  private final FakeTsa untrustedTsa;
  private final FakeNpmKey npmKey;
  private final byte[] trustedRootJson;
  private final byte[] npmKeysJson;

  private FakeSigstore(Builder b) {
    this.now = b.now;
    Validity caValidity = b.caValidity != null ? b.caValidity : defaultWindow(b.now);
    Validity ctValidity = b.ctLogValidity != null ? b.ctLogValidity : defaultWindow(b.now);
    Validity v1Validity = b.rekorV1Validity != null ? b.rekorV1Validity : defaultWindow(b.now);
    Validity v2Validity = b.rekorV2Validity != null ? b.rekorV2Validity : defaultWindow(b.now);
    Validity tsaValidity = b.tsaValidity != null ? b.tsaValidity : defaultWindow(b.now);
    Validity npmValidity = b.npmKeyValidity != null ? b.npmKeyValidity : defaultWindow(b.now);

    String fulcioUri = "https://fulcio.hekate.test";
    this.ca = new FakeCa("fulcio", ORGANIZATION, fulcioUri, caValidity, certEnd(caValidity));
    this.untrustedCa = new FakeCa("fulcio-untrusted", ORGANIZATION, fulcioUri, caValidity, certEnd(caValidity));
    String ctUrl = "https://ctfe.hekate.test/2022";
    this.ctLog = new FakeCtLog(EcKey.derive("ctlog", EcKey.Curve.P256), ctUrl, ctValidity);
    this.untrustedCtLog = new FakeCtLog(EcKey.derive("ctlog-untrusted", EcKey.Curve.P256), ctUrl, ctValidity);
    // Rekor v1 numbers look like production: a global index ahead of the shard-local one.
    this.rekorV1 = new FakeLog(FakeLog.Flavor.REKOR_V1, EcKey.derive("rekor-v1", EcKey.Curve.P256),
        "rekor.hekate.test", 3904496407287907110L, 121_904_262L, 40_000_000L, v1Validity);
    this.untrustedRekorV1 = new FakeLog(FakeLog.Flavor.REKOR_V1,
        EcKey.derive("rekor-v1-untrusted", EcKey.Curve.P256),
        "rekor.hekate.test", 3904496407287907110L, 121_904_262L, 40_000_000L, v1Validity);
    this.rekorV2 = new FakeLog(FakeLog.Flavor.REKOR_V2, Ed25519Key.derive("rekor-v2"),
        "log2025-1.rekor.hekate.test", 0, 0, 700, v2Validity);
    this.untrustedRekorV2 = new FakeLog(FakeLog.Flavor.REKOR_V2, Ed25519Key.derive("rekor-v2-untrusted"),
        "log2025-1.rekor.hekate.test", 0, 0, 700, v2Validity);
    String tsaUri = "https://timestamp.hekate.test/api/v1/timestamp";
    this.tsa = new FakeTsa("tsa", ORGANIZATION, tsaUri, tsaValidity, certEnd(tsaValidity));
    this.untrustedTsa = new FakeTsa("tsa-untrusted", ORGANIZATION, tsaUri, tsaValidity, certEnd(tsaValidity));
    this.npmKey = new FakeNpmKey(EcKey.derive("npm-registry", EcKey.Curve.P256), npmValidity);
    this.trustedRootJson = buildTrustedRootJson();
    this.npmKeysJson = npmKeysJson(npmValidity);
  }

  private static Validity defaultWindow(Instant now) {
    return Validity.from(now.minus(DEFAULT_HISTORY).truncatedTo(ChronoUnit.DAYS));
  }

  private static Instant certEnd(Validity v) {
    return v.start().plus(OPEN_CERT_LIFETIME);
  }

  /** The default instance (clock {@link #DEFAULT_NOW}, every service valid from a year before it). */
  public static FakeSigstore create() {
    return DefaultHolder.INSTANCE;
  }

  /** A builder for a differently configured instance. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new bundle. */
  public FakeBundleBuilder bundle() {
    return new FakeBundleBuilder(this);
  }

  /** The signing clock: bundles are signed at this instant unless a bundle says otherwise. */
  public Instant now() {
    return now;
  }

  /** The trusted certificate authority. */
  public FakeCa ca() {
    return ca;
  }

  /** The trusted CT log. */
  public FakeCtLog ctLog() {
    return ctLog;
  }

  /** The trusted Rekor v1 log. */
  public FakeLog rekorV1() {
    return rekorV1;
  }

  /** The trusted Rekor v2 log. */
  public FakeLog rekorV2() {
    // Plain accessors, one per field: nothing to share but the shape.
    return rekorV2;
  }

  /** The trusted timestamp authority. */
  public FakeTsa tsa() {
    return tsa;
  }

  /** The npm registry's attestation key. */
  public FakeNpmKey npmKey() {
    return npmKey;
  }

  FakeCa untrustedCa() {
    return untrustedCa;
  }

  FakeCtLog untrustedCtLog() {
    return untrustedCtLog;
  }

  FakeLog untrustedRekorV1() {
    return untrustedRekorV1;
  }

  FakeLog untrustedRekorV2() {
    return untrustedRekorV2;
  }

  FakeTsa untrustedTsa() {
    return untrustedTsa;
  }

  /**
   * The trusted root ({@code application/vnd.dev.sigstore.trustedroot+json;version=0.1}) listing the
   * trusted services, and none of the untrusted twins. Pretty-printed UTF-8 JSON.
   */
  public byte[] trustedRootJson() {
    return trustedRootJson.clone();
  }

  private byte[] buildTrustedRootJson() {
    ObjectNode root = Json.object();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    ArrayNode tlogs = root.putArray("tlogs");
    for (FakeLog log : List.of(rekorV1, rekorV2)) {
      ObjectNode t = tlogs.addObject();
      t.put("baseUrl", log.baseUrl());
      t.put("hashAlgorithm", "SHA2_256");
      t.set("publicKey", publicKeyJson(log.key().spki(), log.keyDetails(), log.validity(), false));
      t.putObject("logId").put("keyId", Bytes.b64(log.logId()));
    }
    ArrayNode cas = root.putArray("certificateAuthorities");
    ObjectNode c = cas.addObject();
    c.set("subject", subjectJson(ca.rootCertificate()));
    c.put("uri", ca.uri());
    c.set("certChain", chainJson(ca.chain()));
    c.set("validFor", validForJson(ca.validity(), false));
    ArrayNode ctlogs = root.putArray("ctlogs");
    ObjectNode ct = ctlogs.addObject();
    ct.put("baseUrl", ctLog.baseUrl());
    ct.put("hashAlgorithm", "SHA2_256");
    ct.set("publicKey", publicKeyJson(ctLog.key().spki(), "PKIX_ECDSA_P256_SHA_256", ctLog.validity(), false));
    ct.putObject("logId").put("keyId", Bytes.b64(ctLog.logId()));
    ArrayNode tsas = root.putArray("timestampAuthorities");
    ObjectNode ts = tsas.addObject();
    ts.set("subject", subjectJson(tsa.rootCertificate()));
    ts.put("uri", tsa.uri());
    ts.set("certChain", chainJson(tsa.chain()));
    ts.set("validFor", validForJson(tsa.validity(), false));
    return Json.pretty(root);
  }

  /**
   * npm's key document (the TUF target {@code registry.npmjs.org/keys.json}): the registry key under
   * both usages {@code npm:signatures} and {@code npm:attestations}, times with milliseconds as npm
   * writes them. Pretty-printed UTF-8 JSON.
   */
  public byte[] npmKeysJson() {
    return npmKeysJson.clone();
  }

  byte[] npmKeysJson(Validity attestationValidity) {
    return npmKeysJson(attestationValidity, npmKey.validity());
  }

  /**
   * {@link #npmKeysJson()} with the {@code npm:signatures} usage's window replaced by
   * {@code signatures} (the {@code npm:attestations} one unchanged): a registry signing key retired,
   * or not yet in service, while the attestation key is — as npm's first key's two usages were
   * given separate windows.
   */
  public byte[] npmKeysJsonWithSignatureKeyValidity(Validity signatures) {
    return npmKeysJson(npmKey.validity(), signatures);
  }

  private byte[] npmKeysJson(Validity attestationValidity, Validity signatureValidity) {
    ObjectNode root = Json.object();
    ArrayNode keys = root.putArray("keys");
    for (String usage : List.of("npm:signatures", "npm:attestations")) {
      ObjectNode k = keys.addObject();
      k.put("keyId", npmKey.keyId());
      k.put("keyUsage", usage);
      k.set("publicKey", publicKeyJson(npmKey.key().spki(), "PKIX_ECDSA_P256_SHA_256",
          usage.equals("npm:attestations") ? attestationValidity : signatureValidity, true));
    }
    return Json.pretty(root);
  }

  /**
   * The body of npm's {@code GET /-/npm/v1/attestations/<name>@<version>}: one
   * {@code {predicateType, bundle}} per bundle, in the order given (npm lists publish first).
   *
   * @throws IllegalArgumentException if a bundle carries no in-toto statement
   */
  public static byte[] npmAttestationsResponse(FakeBundle... bundles) {
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("attestations");
    for (FakeBundle b : bundles) {
      ObjectNode a = list.addObject();
      a.put("predicateType", b.predicateType().orElseThrow(
          () -> new IllegalArgumentException("bundle has no in-toto statement")));
      a.set("bundle", Json.parse(b.json()));
    }
    return Json.compact(root);
  }

  private static ObjectNode publicKeyJson(byte[] spki, String keyDetails, Validity validity, boolean millis) {
    ObjectNode k = Json.object();
    k.put("rawBytes", Bytes.b64(spki));
    k.put("keyDetails", keyDetails);
    k.set("validFor", validForJson(validity, millis));
    return k;
  }

  private static ObjectNode validForJson(Validity validity, boolean millis) {
    ObjectNode v = Json.object();
    v.put("start", time(validity.start(), millis));
    validity.end().ifPresent(end -> v.put("end", time(end, millis)));
    return v;
  }

  static String time(Instant t, boolean millis) {
    return millis ? NPM_TIME.format(t) : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ObjectNode chainJson(List<X509Certificate> chain) {
    ObjectNode c = Json.object();
    ArrayNode certs = c.putArray("certificates");
    for (X509Certificate cert : chain) {
      certs.addObject().put("rawBytes", Bytes.b64(Certificates.der(cert)));
    }
    return c;
  }

  private static ObjectNode subjectJson(X509Certificate cert) {
    X500Principal principal = cert.getSubjectX500Principal();
    X500Name name = X500Name.getInstance(principal.getEncoded());
    ObjectNode s = Json.object();
    s.put("organization", IETFUtils.valueToString(name.getRDNs(BCStyle.O)[0].getFirst().getValue()));
    s.put("commonName", IETFUtils.valueToString(name.getRDNs(BCStyle.CN)[0].getFirst().getValue()));
    return s;
  }

  /**
   * Configures a {@link FakeSigstore}. Every window defaults to "open, starting a year before
   * {@link #now(Instant)} (midnight UTC)". A closed window also ends the service's certificates
   * (CA, TSA) there; an open one gives them ten years.
   */
  public static final class Builder {
    private Instant now = DEFAULT_NOW;
    private Validity caValidity;
    private Validity ctLogValidity;
    private Validity rekorV1Validity;
    private Validity rekorV2Validity;
    private Validity tsaValidity;
    private Validity npmKeyValidity;

    private Builder() {}

    /** The signing clock (default {@link FakeSigstore#DEFAULT_NOW}). */
    public Builder now(Instant now) {
      this.now = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.SECONDS);
      // Builder setters, one per option: the shape repeats, the options do not.
      return this;
    }

    /** The Fulcio CA's window (trusted root and CA certificates). */
    public Builder caValidity(Validity validity) {
      this.caValidity = Objects.requireNonNull(validity);
      return this;
    }

    /** The CT log's window in the trusted root. */
    public Builder ctLogValidity(Validity validity) {
      this.ctLogValidity = Objects.requireNonNull(validity);
      return this;
    }

    /** The Rekor v1 log's window in the trusted root. */
    public Builder rekorV1Validity(Validity validity) {
      this.rekorV1Validity = Objects.requireNonNull(validity);
      return this;
    }

    /** The Rekor v2 log's window in the trusted root. */
    public Builder rekorV2Validity(Validity validity) {
      this.rekorV2Validity = Objects.requireNonNull(validity);
      return this;
    }

    /** The TSA's window (trusted root and TSA certificates). */
    public Builder tsaValidity(Validity validity) {
      this.tsaValidity = Objects.requireNonNull(validity);
      return this;
    }

    /** The npm key's window in keys.json. */
    public Builder npmKeyValidity(Validity validity) {
      this.npmKeyValidity = Objects.requireNonNull(validity);
      return this;
    }

    /** Builds the instance (cheap: keys are derived once per JVM and cached). */
    public FakeSigstore build() {
      return new FakeSigstore(this);
    }
  }
}
