package dev.hekate.testdata;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Fulcio certificate extensions a GitHub Actions identity carries, OIDs
 * {@code 1.3.6.1.4.1.57264.1.9} to {@code .22}, each a DER UTF8String. An empty string means
 * "not in the certificate" (Fulcio omits claims it did not get).
 *
 * @param buildSignerUri 1.9, the workflow that signed ({@code job_workflow_ref} as a URI)
 * @param buildSignerDigest 1.10, commit of that workflow
 * @param runnerEnvironment 1.11, {@code github-hosted} or {@code self-hosted}
 * @param sourceRepositoryUri 1.12, e.g. {@code https://github.com/o/r}
 * @param sourceRepositoryDigest 1.13, the commit built
 * @param sourceRepositoryRef 1.14, e.g. {@code refs/heads/main}
 * @param sourceRepositoryIdentifier 1.15, numeric repository id
 * @param sourceRepositoryOwnerUri 1.16, e.g. {@code https://github.com/o}
 * @param sourceRepositoryOwnerIdentifier 1.17, numeric owner id
 * @param buildConfigUri 1.18, the top-level workflow
 * @param buildConfigDigest 1.19, commit of that workflow
 * @param buildTrigger 1.20, the event name, e.g. {@code push}
 * @param runInvocationUri 1.21, link to the run attempt
 * @param sourceRepositoryVisibility 1.22, {@code public} or {@code private}
 */
public record GithubExtensions(
    // Mirrors core FulcioExtensions on purpose: testdata is an independent second implementation.
    String buildSignerUri,
    String buildSignerDigest,
    String runnerEnvironment,
    String sourceRepositoryUri,
    String sourceRepositoryDigest,
    String sourceRepositoryRef,
    String sourceRepositoryIdentifier,
    String sourceRepositoryOwnerUri,
    String sourceRepositoryOwnerIdentifier,
    String buildConfigUri,
    String buildConfigDigest,
    String buildTrigger,
    String runInvocationUri,
    String sourceRepositoryVisibility) {

  /** No GitHub extensions at all (an email identity, or a deliberately bare certificate). */
  public static final GithubExtensions NONE =
      new GithubExtensions("", "", "", "", "", "", "", "", "", "", "", "", "", "");

  private static final Pattern WORKFLOW_REF =
      Pattern.compile("https://github\\.com/([^/]+)/([^/]+)/(.+)@(refs/.+)");

  /** Rejects nulls: use the empty string for an absent claim. */
  public GithubExtensions {
    Objects.requireNonNull(buildSignerUri, "buildSignerUri");
    Objects.requireNonNull(buildSignerDigest, "buildSignerDigest");
    Objects.requireNonNull(runnerEnvironment, "runnerEnvironment");
    Objects.requireNonNull(sourceRepositoryUri, "sourceRepositoryUri");
    Objects.requireNonNull(sourceRepositoryDigest, "sourceRepositoryDigest");
    Objects.requireNonNull(sourceRepositoryRef, "sourceRepositoryRef");
    Objects.requireNonNull(sourceRepositoryIdentifier, "sourceRepositoryIdentifier");
    Objects.requireNonNull(sourceRepositoryOwnerUri, "sourceRepositoryOwnerUri");
    Objects.requireNonNull(sourceRepositoryOwnerIdentifier, "sourceRepositoryOwnerIdentifier");
    Objects.requireNonNull(buildConfigUri, "buildConfigUri");
    Objects.requireNonNull(buildConfigDigest, "buildConfigDigest");
    Objects.requireNonNull(buildTrigger, "buildTrigger");
    Objects.requireNonNull(runInvocationUri, "runInvocationUri");
    Objects.requireNonNull(sourceRepositoryVisibility, "sourceRepositoryVisibility");
  }

  /**
   * Plausible extensions for a workflow identity such as
   * {@code https://github.com/o/r/.github/workflows/w.yml@refs/heads/main}, as GitHub's OIDC token
   * and Fulcio would produce for a push-triggered run of that workflow at {@code commitSha}. The
   * numeric ids are derived from the names, so they are stable.
   *
   * @throws IllegalArgumentException if {@code workflowRefUri} is not a GitHub workflow reference
   */
  public static GithubExtensions forWorkflow(String workflowRefUri, String commitSha) {
    Matcher m = WORKFLOW_REF.matcher(workflowRefUri);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a GitHub workflow reference: " + workflowRefUri);
    }
    String owner = m.group(1);
    String repository = "https://github.com/" + owner + "/" + m.group(2);
    return new GithubExtensions(
        workflowRefUri,
        commitSha,
        "github-hosted",
        repository,
        commitSha,
        m.group(4),
        numericId("repository " + repository),
        "https://github.com/" + owner,
        numericId("owner " + owner),
        workflowRefUri,
        commitSha,
        "push",
        repository + "/actions/runs/" + numericId("run " + workflowRefUri + commitSha) + "/attempts/1",
        "public");
  }

  /** Whether {@code uri} has the shape {@link #forWorkflow} understands. */
  public static boolean isWorkflowRef(String uri) {
    return WORKFLOW_REF.matcher(uri).matches();
  }

  /** The present extensions by OID suffix (9 to 22), in certificate order. */
  Map<Integer, String> byOidSuffix() {
    Map<Integer, String> out = new LinkedHashMap<>();
    String[] values = {
      buildSignerUri, buildSignerDigest, runnerEnvironment, sourceRepositoryUri, sourceRepositoryDigest,
      sourceRepositoryRef, sourceRepositoryIdentifier, sourceRepositoryOwnerUri,
      sourceRepositoryOwnerIdentifier, buildConfigUri, buildConfigDigest, buildTrigger, runInvocationUri,
      sourceRepositoryVisibility
    };
    for (int i = 0; i < values.length; i++) {
      if (!values[i].isEmpty()) {
        out.put(9 + i, values[i]);
      }
    }
    return out;
  }

  private static String numericId(String seed) {
    byte[] h = Bytes.sha256(seed.getBytes(StandardCharsets.UTF_8));
    long v = ((h[0] & 0x7fL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
    return Long.toString(100_000_000L + v % 900_000_000L);
  }
}
