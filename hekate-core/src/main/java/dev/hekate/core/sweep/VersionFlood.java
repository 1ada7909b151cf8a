package dev.hekate.core.sweep;

/**
 * A package that published more versions in one sweep window than
 * {@link SweepOptions#floodThreshold()}: an alarm of its own, whatever the verdicts. Burying a
 * regressed version under many later ones is how an attacker would hide it from a sweep that
 * looks at a bounded number of versions; so a flood's versions are verified anyway, oldest first,
 * up to {@link SweepOptions#versionCeiling()}, and the ones beyond the ceiling are counted here as
 * deferred. It is not a verdict finding: no single version has it.
 *
 * @param published versions published in the window (the latest among them, if it is)
 * @param threshold the flood threshold it exceeded
 * @param deferred versions published in the window that this sweep did not verify (the newest,
 *     beyond the ceiling; never the latest); 0 when the ceiling covered them all
 */
public record VersionFlood(int published, int threshold, int deferred) {
  public VersionFlood {
    if (published <= threshold || deferred < 0 || deferred > published) {
      throw new IllegalArgumentException("not a flood: " + published + " published, threshold " + threshold
          + ", " + deferred + " deferred");
    }
  }
}
