package dev.hekate.core.verify;

import dev.hekate.core.bundle.Bundle;
import dev.hekate.core.certificate.FulcioExtensions;
import dev.hekate.core.signature.SigningKey;
import dev.hekate.core.statement.InTotoStatement;
import dev.hekate.core.tlog.VerifiedLogEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A bundle that passed every check. Only {@link BundleVerifier} constructs one, so code that
 * accepts a {@code VerifiedBundle} cannot be handed unverified evidence.
 */
public final class VerifiedBundle {
  private final Bundle bundle;
  private final SigningKey signingKey;
  private final Optional<FulcioExtensions> fulcioExtensions;
  private final List<String> subjectAlternativeNames;
  private final List<Instant> verifiedTimes;
  private final List<VerifiedLogEntry> logEntries;
  private final Optional<InTotoStatement> statement;

  VerifiedBundle(Bundle bundle, SigningKey signingKey, Optional<FulcioExtensions> fulcioExtensions,
      List<String> subjectAlternativeNames, List<Instant> verifiedTimes, List<VerifiedLogEntry> logEntries,
      Optional<InTotoStatement> statement) {
    this.bundle = bundle;
    this.signingKey = signingKey;
    this.fulcioExtensions = fulcioExtensions;
    this.subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
    this.verifiedTimes = List.copyOf(verifiedTimes);
    this.logEntries = List.copyOf(logEntries);
    this.statement = statement;
  }

  // Plain accessors, one per field: nothing to share but the shape.
  public Bundle bundle() {
    return bundle;
  }

  public SigningKey signingKey() {
    return signingKey;
  }

  /** The Fulcio claims, for certificate-signed bundles. */
  public Optional<FulcioExtensions> fulcioExtensions() {
    return fulcioExtensions;
  }

  public List<String> subjectAlternativeNames() {
    return subjectAlternativeNames;
  }

  /** Every time source that was verified: integrated times and RFC 3161 times. */
  public List<Instant> verifiedTimes() {
    return verifiedTimes;
  }

  public List<VerifiedLogEntry> logEntries() {
    return logEntries;
  }

  /** The in-toto statement, for DSSE bundles. */
  public Optional<InTotoStatement> statement() {
    return statement;
  }
}
