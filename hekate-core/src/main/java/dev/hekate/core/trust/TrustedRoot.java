package dev.hekate.core.trust;

import java.util.List;
import java.util.Optional;

/**
 * Sigstore trust material: the transparency logs, certificate authorities, CT logs and timestamp
 * authorities a verification may rely on. Immutable; parse once with {@link TrustedRootParser} and
 * share across threads.
 */
public record TrustedRoot(
    List<TransparencyLog> tlogs,
    List<CertificateAuthority> certificateAuthorities,
    List<TransparencyLog> ctlogs,
    List<CertificateAuthority> timestampAuthorities) {

  public TrustedRoot {
    tlogs = List.copyOf(tlogs);
    certificateAuthorities = List.copyOf(certificateAuthorities);
    ctlogs = List.copyOf(ctlogs);
    timestampAuthorities = List.copyOf(timestampAuthorities);
  }

  /** The transparency log with this id, if the root trusts one. */
  public Optional<TransparencyLog> tlog(LogId id) {
    return tlogs.stream().filter(log -> log.logId().equals(id)).findFirst();
  }
}
