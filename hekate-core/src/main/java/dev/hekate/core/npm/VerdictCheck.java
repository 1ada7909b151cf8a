package dev.hekate.core.npm;

import dev.hekate.core.result.CheckResult;
import java.util.Objects;

/**
 * One check of a package verdict: which attestation it concerns ({@code publish},
 * {@code provenance}, or {@code package} for registry-level checks) and its result.
 */
public record VerdictCheck(String attestation, CheckResult result) {
  public static final String PUBLISH = "publish";
  public static final String PROVENANCE = "provenance";
  public static final String PACKAGE = "package";

  public VerdictCheck {
    Objects.requireNonNull(attestation, "attestation");
    Objects.requireNonNull(result, "result");
  }
}
