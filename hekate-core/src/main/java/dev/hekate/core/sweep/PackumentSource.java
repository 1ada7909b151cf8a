package dev.hekate.core.sweep;

import dev.hekate.core.registry.Packument;
import dev.hekate.core.registry.RegistryClient;
import dev.hekate.core.registry.RegistryException;

/** Fetches a packument; {@link RegistryClient#packument(String)} is one ({@code registry::packument}). */
@FunctionalInterface
public interface PackumentSource {
  /**
   * @throws RegistryException when the registry has no such package or cannot be read
   */
  Packument packument(String name) throws RegistryException;
}
