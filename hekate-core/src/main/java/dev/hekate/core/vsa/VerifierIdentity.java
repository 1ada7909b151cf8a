package dev.hekate.core.vsa;

import java.net.URI;
import java.util.Objects;

/**
 * Who signs: the deployment's verifier id (a URI the operator configures, e.g. the API's base URL)
 * and the Hekate version that decided, written to {@code verifier.id} and {@code verifier.version}.
 */
public record VerifierIdentity(URI id, String version) {
  public VerifierIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    if (!id.isAbsolute()) {
      throw new IllegalArgumentException("the verifier id must be an absolute URI: " + id);
    }
  }
}
