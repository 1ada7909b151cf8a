package dev.hekate.testdata;

/**
 * What slsa-github-generator's generic builder signs for a release, made up for tests: the
 * certificate's GitHub extensions for a run of its reusable workflow, and its SLSA v0.2 predicate
 * (builder, build type, the workflow's trigger and source, the source as a material).
 */
public final class SlsaGenerator {
  /** The generic builder's build type. */
  public static final String GENERIC_BUILD_TYPE = "https://github.com/slsa-framework/slsa-github-generator/generic@v1";
  /** The predicate type of its provenance. */
  public static final String PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
  /** The certificate issuer of GitHub Actions. */
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  private SlsaGenerator() {}

  /**
   * The extensions of a certificate for {@code builderSan} (the reusable workflow at its ref) run
   * from {@code repository} ({@code https://github.com/OWNER/REPO}) at {@code ref} and {@code commit},
   * on a push, on a GitHub-hosted runner.
   */
  public static GithubExtensions extensions(String builderSan, String repository, String ref, String commit) {
    String owner = repository.substring(0, repository.lastIndexOf('/'));
    return new GithubExtensions(builderSan, commit, "github-hosted", repository, commit, ref, "1", owner, "2",
        repository + "/.github/workflows/release.yml@" + ref, commit, "push", repository + "/actions/runs/3/attempts/1",
        "public");
  }

  /**
   * The predicate the generic builder {@code builderId} writes for a build of {@code repository} at
   * {@code ref} ({@code refType} {@code tag} or {@code branch}), the event's payload
   * {@code eventPayload} (JSON).
   */
  public static String genericPredicate(String builderId, String repository, String refType, String ref, String commit,
      String eventPayload) {
    return """
        {"builder":{"id":"%1$s"},"buildType":"%2$s",
         "invocation":{"configSource":{"uri":"git+%3$s@%5$s","entryPoint":".github/workflows/release.yml"},
           "environment":{"github_ref_type":"%4$s","github_ref":"%5$s","github_base_ref":"","github_event_name":"push",
             "github_event_payload":%7$s}},
         "materials":[{"uri":"git+%3$s@%5$s","digest":{"sha1":"%6$s"}}]}
        """.formatted(builderId, GENERIC_BUILD_TYPE, repository, refType, ref, commit, eventPayload);
  }

  /**
   * A bundle builder for the generic builder {@code builderSan}'s provenance of {@code artifact}
   * (subject {@code subjectName}), built from {@code repository} at the tag {@code ref}: identity,
   * extensions and statement set; version, log kind and tampers are the caller's.
   */
  public static FakeBundleBuilder genericProvenance(FakeSigstore sigstore, String builderSan, String repository,
      String ref, String commit, String subjectName, byte[] artifact) {
    return sigstore.bundle().identity(builderSan, GITHUB_ISSUER)
        .githubExtensions(extensions(builderSan, repository, ref, commit))
        .inTotoStatementFor(subjectName, artifact, PROVENANCE_V02,
            genericPredicate(builderSan, repository, "tag", ref, commit, "{\"base_ref\":null}"));
  }
}
