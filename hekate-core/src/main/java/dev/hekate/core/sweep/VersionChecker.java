package dev.hekate.core.sweep;

import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.VersionDocument;
import dev.hekate.core.service.NpmService;

/**
 * As {@link VersionVerifier}, also giving what the registry served, which a sweep with a verdict
 * store keeps and compares: {@link NpmService#check(Packument, VersionDocument, TrustExceptions)} is
 * one ({@code service::check}). Must be thread-safe.
 */
@FunctionalInterface
public interface VersionChecker {
  NpmService.Checked check(Packument packument, VersionDocument version, TrustExceptions trustExceptions);
}
