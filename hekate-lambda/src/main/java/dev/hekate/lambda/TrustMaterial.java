package dev.hekate.lambda;

import dev.hekate.core.crypto.Ecdsa;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.trust.TrustedRoot;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What verdicts are verified against: a Sigstore trusted root and the npm registry's keys. */
public record TrustMaterial(TrustedRoot trustedRoot, TrustedKeys npmKeys) {

  public TrustMaterial {
    Objects.requireNonNull(trustedRoot, "trustedRoot");
    Objects.requireNonNull(npmKeys, "npmKeys");
  }

  /**
   * Precomputes the ECDSA tables ({@link Ecdsa#prepare}) of the keys every current bundle meets:
   * the transparency logs, CT logs, certificate authorities' issuing certificates and npm keys
   * whose validity has no end. Keys that have retired get tables only if old bundles keep using
   * them. Meant for a service's init, where a SnapStart snapshot keeps the result; about 0.5 MB
   * per P-256 key and 1.4 MB per P-384 key. Returns how many keys were prepared.
   */
  public int prepareSignatureTables() {
    List<PublicKey> keys = new ArrayList<>();
    trustedRoot.tlogs().stream().filter(log -> log.validity().end().isEmpty()).forEach(log -> keys.add(log.publicKey()));
    trustedRoot.ctlogs().stream().filter(log -> log.validity().end().isEmpty()).forEach(log -> keys.add(log.publicKey()));
    trustedRoot.certificateAuthorities().stream().filter(ca -> ca.validity().end().isEmpty())
        .forEach(ca -> keys.add(ca.issuerKey()));
    npmKeys.keys().stream().filter(key -> key.validity().end().isEmpty()).forEach(key -> keys.add(key.publicKey()));
    int prepared = 0;
    for (PublicKey key : keys) {
      if (Ecdsa.shared().prepare(key)) {
        prepared++;
      }
    }
    return prepared;
  }

  /**
   * This material, its tables prepared ({@link #prepareSignatureTables}) when the function's init
   * is off the request path — a SnapStart snapshot or provisioned concurrency, as Lambda's
   * {@code AWS_LAMBDA_INITIALIZATION_TYPE} says — and not on an on-demand cold start, where a
   * request waits for init and the tables come anyway after a few verifications.
   */
  public TrustMaterial preparedForInit(Map<String, String> env) {
    String type = env.getOrDefault("AWS_LAMBDA_INITIALIZATION_TYPE", "");
    if (type.equals("snap-start") || type.equals("provisioned-concurrency")) {
      prepareSignatureTables();
    }
    return this;
  }

  /**
   * The public-good trusted root and npm keys embedded in hekate-core, parsed now.
   *
   * @throws IllegalStateException if they do not parse (a broken jar)
   */
  public static TrustMaterial embedded() {
    return new TrustMaterial(EmbeddedTrust.publicGoodTrustedRoot(), EmbeddedTrust.npmKeys());
  }
}
