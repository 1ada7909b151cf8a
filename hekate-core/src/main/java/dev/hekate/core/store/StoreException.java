package dev.hekate.core.store;

/**
 * The store could not be read or written (a locked or corrupt file, a database that did not
 * answer). Like a registry that cannot be read, it says "we could not look", never anything about
 * a package.
 */
public final class StoreException extends Exception {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
