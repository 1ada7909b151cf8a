package dev.hekate.core.service;

/** The registry has no such package, or no such version of it. */
public final class PackageNotFoundException extends Exception {
  private static final long serialVersionUID = 1L;

  public PackageNotFoundException(String message) {
    super(message, null, false, false);
  }
}
