package dev.hekate.lambda.http;

import dev.hekate.core.intoto.InTotoKey;
import dev.hekate.core.intoto.LinkFiles;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.slsa.ArtifactExpectations;
import dev.hekate.core.vsa.ArtifactSummary;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a request asks for, once {@link RequestParser} has read it. No I/O has happened yet. */
public sealed interface Route {

  /** {@code GET /v1/health}. */
  record Health() implements Route {}

  /** {@code GET /v1/npm/{package}[@{version}]}, with a name and version valid by npm's rules. */
  // One small record per variant of a sealed interface: the shape is the pattern.
  record Verify(PackageSpec spec) implements Route {
    public Verify {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /**
   * {@code GET /v1/npm/{package}/history} (JSON) or {@code GET /ui/npm/{package}} (the HTML page):
   * what the deployment's store remembers of a package.
   *
   * @param name a package name valid by npm's rules
   */
  record History(String name, Format format) implements Route {
    public History {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(format, "format");
    }
  }

  /** {@code GET /v1/verifier}: who this deployment is, its signing keys and its policy. */
  record Verifier() implements Route {}

  /**
   * {@code GET /v1/npm/{package}[@{version}]/vsa[?format=dsse|bundle]}: the signed verification
   * summary of the verdict.
   *
   * @param bundle whether it is wrapped as a Sigstore bundle ({@code format=bundle}) rather than a
   *     bare DSSE envelope
   */
  record Summary(PackageSpec spec, boolean bundle) implements Route {
    public Summary {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /** {@code POST /v1/slsa/verify}, its body not read yet ({@link SlsaRequestParser} reads it). */
  record SlsaPost() implements Route {}

  /**
   * {@code POST /v1/slsa/verify} with a body {@link SlsaRequestParser} accepted.
   *
   * @param provenance the provenance file's bytes (a bundle object re-serialized, or the decoded base64)
   * @param subjects the artifacts as a signed summary names them, in the order of {@code expected}'s
   * @param resourceUri what a signed summary names as its {@code resourceUri}
   */
  record SlsaVerify(byte[] provenance, ArtifactExpectations expected, List<ArtifactSummary.Subject> subjects,
      String resourceUri) implements Route {
    public SlsaVerify {
      provenance = provenance.clone();
      Objects.requireNonNull(expected, "expected");
      subjects = List.copyOf(subjects);
      Objects.requireNonNull(resourceUri, "resourceUri");
    }

    @Override
    public byte[] provenance() {
      return provenance.clone();
    }
  }

  /** {@code POST /v1/in-toto/verify}, its body not read yet ({@link InTotoRequestParser} reads it). */
  record InTotoPost() implements Route {}

  /**
   * {@code POST /v1/in-toto/verify} with a body {@link InTotoRequestParser} accepted: what
   * {@code hekate verify-layout} reads from files, read from the body.
   *
   * @param layout the layout file's bytes (an object re-serialized, or the decoded base64)
   * @param keys the layout keys, at least one
   * @param links the link files by the name in-toto gives them ({@link LinkFiles#names})
   * @param time the verification time asked for; empty: now
   * @param artifacts the final product, path to SHA-256 (64 lower-case hex digits): each must be a
   *     product of the verified supply chain ({@code intoto.product}); the subjects of a signed
   *     summary
   * @param resourceUri what a signed summary names as {@code resourceUri} (validated); without it
   *     there is no summary
   * @param unsupported why the request cannot be verified, when a key or link uses what this
   *     version does not support: not verified, {@code intoto.unsupported}, as on the command line
   */
  record InTotoVerify(byte[] layout, List<InTotoKey> keys, LinkFiles links, Optional<Instant> time,
      Map<String, String> artifacts, Optional<String> resourceUri, Optional<String> unsupported) implements Route {
    public InTotoVerify {
      layout = layout.clone();
      keys = List.copyOf(keys);
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(time, "time");
      artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
      Objects.requireNonNull(resourceUri, "resourceUri");
      Objects.requireNonNull(unsupported, "unsupported");
    }

    @Override
    public byte[] layout() {
      return layout.clone();
    }
  }

  /** How a history is answered. */
  enum Format { JSON, HTML }

  /**
   * A request refused before anything was fetched.
   *
   * @param message for the client; never echoes input unescaped
   */
  record Rejected(ApiError error, String message) implements Route {
    public Rejected {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }
  }
}
