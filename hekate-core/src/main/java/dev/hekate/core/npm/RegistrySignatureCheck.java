package dev.hekate.core.npm;

import dev.hekate.core.registry.RegistryKeys;
import dev.hekate.core.registry.RegistrySignature;
import dev.hekate.core.registry.RegistrySignatureVerifier;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.trust.TrustedKeys;
import dev.hekate.core.verify.VerifiedBundle;
import java.time.Instant;
import java.util.List;

/**
 * The registry's own signature, {@code npm.registry_signature}: whether a version must carry
 * {@code dist.signatures}, and at which time the signing key is judged. The signature arithmetic
 * is {@link RegistrySignatureVerifier}'s.
 *
 * <ul>
 *   <li>Signatures present: checked, whatever the registry says of its keys.
 *   <li>None, and the registry publishes signing keys ({@link RegistryKeys#PUBLISHED}): FAILED
 *       (invalid), as {@code npm audit signatures} treats it — such a registry signs every version.
 *   <li>None, and the registry publishes no keys (a mirror) or there is no registry (offline): not
 *       checked, and said so by the finding {@code registry_signatures_unavailable}; the status is
 *       what the rest of the evidence says.
 *   <li>None, and the caller did not ask the registry ({@link RegistryKeys#NOT_ASKED}): ERROR, a
 *       Hekate bug, never a pass.
 * </ul>
 *
 * <p>The key must be valid at the publish attestation's verified times (its log's integrated time,
 * an RFC 3161 time): signed times, which a packument's unsigned {@code time} field is not — a
 * backdated {@code time} must not revive a retired key. The packument's time is used only when the
 * attestation has no verified time, and the check's detail says so.
 *
 * <p>Also decides the {@code registry_signatures_unavailable} finding.
 */
final class RegistrySignatureCheck {
  private RegistrySignatureCheck() {}

  /** Whether the check is planned for this version: every version except an unsigned one the registry cannot sign. */
  static boolean planned(NpmVerifier.Input input) {
    return !input.document().dist().signatures().isEmpty() || !unavailable(input.registryKeys());
  }

  /** Runs the check (or records why it does not run), once the publish attestation verified. */
  static void verify(NpmVerifier.Input input, VerifiedBundle publish, TrustedKeys npmKeys, VerdictBuilder verdict) {
    List<RegistrySignature> signatures = input.document().dist().signatures();
    if (signatures.isEmpty() && unavailable(input.registryKeys())) {
      verdict.finding(Finding.of(FindingType.REGISTRY_SIGNATURES_UNAVAILABLE,
          input.registryKeys() == RegistryKeys.NO_REGISTRY
              ? "verified from files without a registry: the registry's signature (dist.signatures) was not checked"
              : "the registry publishes no signing keys and the version carries no dist.signatures:"
                  + " the registry's signature was not checked"));
      return;
    }
    if (signatures.isEmpty() && input.registryKeys() == RegistryKeys.NOT_ASKED) {
      verdict.record(VerdictCheck.PACKAGE, CheckResult.error(CheckId.NPM_REGISTRY_SIGNATURE,
          "internal error: the version carries no dist.signatures and the registry was not asked whether it signs",
          new IllegalStateException("RegistryKeys.NOT_ASKED for a version without dist.signatures")));
      return;
    }
    List<Instant> signed = publish.verifiedTimes();
    List<Instant> times = signed.isEmpty() ? input.publishedAt().stream().toList() : signed;
    String detail = (signatures.isEmpty() ? "no dist.signatures" : "key " + signatures.get(0).keyid())
        + (signed.isEmpty()
            ? ", judged at the packument's unsigned publish time " + input.publishedAt().map(Instant::toString)
                .orElse("(none)") + ": the publish attestation has no verified time"
            : ", judged at the publish attestation's verified times " + signed);
    verdict.run(CheckId.NPM_REGISTRY_SIGNATURE, detail, () -> RegistrySignatureVerifier.verify(input.name(),
        input.version(), input.document().dist().integrity().orElse(""), signatures, npmKeys, times));
  }

  private static boolean unavailable(RegistryKeys keys) {
    return keys == RegistryKeys.NOT_PUBLISHED || keys == RegistryKeys.NO_REGISTRY;
  }
}
