package dev.hekate.core.npm;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Outcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place a verdict's status is computed from its checks, in this order:
 * <ol>
 *   <li>any check ERROR (Hekate's own fault) → {@link Status#ERROR};
 *   <li>any check FAILED → {@link Status#FAILED};
 *   <li>{@code npm.attestations} MISSING → {@link Status#MISSING};
 *   <li>a required check that is not PASSED (or WARNING, for a finding-only check), or a check
 *       every npm verdict needs that is absent → {@link Status#ERROR}: nothing failed, yet not
 *       everything was checked, which is a Hekate bug, never VERIFIED by omission;
 *   <li>otherwise {@link Status#VERIFIED}.
 * </ol>
 */
public final class VerdictStatus {
  /** Package-level checks no VERIFIED npm verdict is without (and every npm verification plans). */
  static final Set<CheckId> ESSENTIAL = EnumSet.of(CheckId.NPM_ATTESTATIONS, CheckId.NPM_SUBJECT,
      CheckId.NPM_INTEGRITY, CheckId.PROVENANCE_BUILDER, CheckId.PROVENANCE_CERTIFICATE, CheckId.REGISTRY_SOURCE);

  private VerdictStatus() {}

  /** The package-level checks no VERIFIED npm verdict is without, for policy documents. */
  public static Set<CheckId> essential() {
    return EnumSet.copyOf(ESSENTIAL);
  }

  /** A status and, for ERROR, why. */
  public record Decision(Status status, Optional<String> error) {}

  public static Decision decide(List<VerdictCheck> checks) {
    Optional<VerdictCheck> error = first(checks, Outcome.ERROR);
    if (error.isPresent()) {
      return new Decision(Status.ERROR, Optional.of(error.get().result().detail()));
    }
    if (first(checks, Outcome.FAILED).isPresent()) {
      return new Decision(Status.FAILED, Optional.empty());
    }
    if (first(checks, Outcome.MISSING).isPresent()) {
      return new Decision(Status.MISSING, Optional.empty());
    }
    for (VerdictCheck check : checks) {
      if (!acceptable(check.result())) {
        return internal("required check " + check.result().id().wireName() + " is " + check.result().outcome());
      }
    }
    for (CheckId id : ESSENTIAL) {
      if (checks.stream().noneMatch(c -> c.result().id() == id)) {
        return internal("check " + id.wireName() + " did not run");
      }
    }
    for (String bundle : List.of(VerdictCheck.PUBLISH, VerdictCheck.PROVENANCE)) {
      if (checks.stream().noneMatch(c -> c.attestation().equals(bundle) && c.result().id() == CheckId.DSSE_SIGNATURE)) {
        return internal("the " + bundle + " attestation was not verified");
      }
    }
    return new Decision(Status.VERIFIED, Optional.empty());
  }

  /** PASSED, a finding-only WARNING, or anything short of a failure for a check that is not required. */
  static boolean acceptable(CheckResult result) {
    return switch (result.outcome()) {
      case PASSED, WARNING -> true;
      case UNKNOWN, NOT_RUN -> !result.id().required();
      case FAILED, MISSING, ERROR -> false;
    };
  }

  private static Optional<VerdictCheck> first(List<VerdictCheck> checks, Outcome outcome) {
    return checks.stream().filter(c -> c.result().outcome() == outcome).findFirst();
  }

  private static Decision internal(String why) {
    return new Decision(Status.ERROR, Optional.of("internal error: " + why));
  }
}
