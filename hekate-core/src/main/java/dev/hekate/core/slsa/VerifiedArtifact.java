package dev.hekate.core.slsa;

import dev.hekate.core.bundle.Digest;
import java.util.List;

/**
 * Artifacts whose provenance passed every check. Only {@link ArtifactVerifier} makes one.
 */
public final class VerifiedArtifact {
  private final BuilderId builder;
  private final String sourceUri;
  private final List<Digest> artifacts;
  private final byte[] statement;

  VerifiedArtifact(BuilderId builder, String sourceUri, List<Digest> artifacts, byte[] statement) {
    this.builder = builder;
    this.sourceUri = sourceUri;
    this.artifacts = List.copyOf(artifacts);
    this.statement = statement.clone();
  }

  /** The verified builder: the certificate's, or for a delegated build the reusable workflow the provenance names. */
  public BuilderId builder() {
    return builder;
  }

  /** The provenance's source, {@code git+https://github.com/OWNER/REPO@REF}. */
  public String sourceUri() {
    return sourceUri;
  }

  public List<Digest> artifacts() {
    return artifacts;
  }

  /** The signed in-toto statement, as the DSSE envelope carried it. */
  public byte[] statement() {
    return statement.clone();
  }
}
