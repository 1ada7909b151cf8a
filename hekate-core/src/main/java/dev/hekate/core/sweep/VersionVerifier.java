package dev.hekate.core.sweep;

import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.service.NpmService;

/**
 * Verifies one version of an already fetched packument, with the trust exceptions of the
 * watchlist being swept; {@link NpmService#verify(Packument, VersionDocument, TrustExceptions)} is
 * one ({@code service::verify}). Must be thread-safe: a sweep calls it from several threads.
 */
@FunctionalInterface
public interface VersionVerifier {
  Verdict verify(Packument packument, VersionDocument version, TrustExceptions trustExceptions);
}
