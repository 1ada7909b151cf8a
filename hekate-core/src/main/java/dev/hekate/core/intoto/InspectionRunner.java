package dev.hekate.core.intoto;

import dev.hekate.core.result.VerificationException;

/**
 * Runs one inspection of a verified layout and records it as a link (materials before, products
 * after). Only the command line provides one, behind {@code --run-inspections}: verification in
 * hekate-core never runs commands itself.
 */
@FunctionalInterface
public interface InspectionRunner {
  /**
   * @throws VerificationException {@code intoto.inspection} when the command cannot run or exits non-zero
   */
  Link run(Layout.Inspection inspection) throws VerificationException;
}
