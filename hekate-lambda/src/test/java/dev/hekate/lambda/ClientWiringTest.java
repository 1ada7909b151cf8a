package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.http.HttpClientConfig;
import dev.hekate.core.registry.RegistryConfig;
import dev.hekate.lambda.ClientWiring.Profile;
import dev.hekate.lambda.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each caller's timeouts, the token read once, the API's GitHub access. */
class ClientWiringTest {
  private static final URI REGISTRY = URI.create("https://registry.example/npm/");
  private static final URI GITHUB = URI.create("https://github.example/api/v3/");
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hekate/github-AbCdEf";

  /** connect, read, call (seconds), attempts, backoff base (ms), backoff max (ms), max Retry-After (ms). */
  private static List<Long> waits(HttpClientConfig<?> c) {
    return List.of(c.connectTimeout().toSeconds(), c.readTimeout().toSeconds(), c.callTimeout().toSeconds(),
        (long) c.maxAttempts(), c.backoffBase().toMillis(), c.backoffMax().toMillis(), c.maxRetryAfter().toMillis());
  }

  @Test
  void api_registry_answersBeforeApiGatewaysLimit() {
    RegistryConfig c = Profile.API.registry(REGISTRY);
    assertEquals(List.of(3L, 8L, 10L, 2L, 200L, 1000L, 2000L), waits(c));
    assertEquals(REGISTRY, c.baseUrl());
    // Two attempts of at most 10 s, with at most 1 s between: inside API Gateway's 30 s.
    assertTrue(c.callTimeout().multipliedBy(c.maxAttempts()).plus(c.backoffMax()).compareTo(Duration.ofSeconds(29)) < 0);
  }

  @Test
  void api_gitHub() {
    GitHubConfig c = Profile.API.gitHub(GITHUB, Optional.of("t0ken"));
    assertEquals(List.of(3L, 5L, 6L, 2L, 200L, 1000L, 2000L), waits(c));
    assertEquals(GITHUB, c.baseUrl());
    assertTrue(c.hasToken());
  }

  @Test
  void sweep_registry_waitsLongerAndTriesMore() {
    RegistryConfig c = Profile.SWEEP.registry(REGISTRY);
    assertEquals(List.of(3L, 15L, 30L, 3L, 250L, 2000L, 5000L), waits(c));
    assertEquals(REGISTRY, c.baseUrl());
  }

  @Test
  void commandLine_isTheClientsOwnDefaults() {
    assertEquals(waits(RegistryConfig.defaults()), waits(Profile.COMMAND_LINE.registry(REGISTRY)));
    assertEquals(waits(GitHubConfig.defaults()), waits(Profile.COMMAND_LINE.gitHub(GITHUB, Optional.empty())));
    // Today's values, so that a change to the defaults is seen here.
    assertEquals(List.of(5L, 15L, 30L, 3L, 250L, 4000L, 10000L), waits(Profile.COMMAND_LINE.registry(REGISTRY)));
    assertEquals(List.of(5L, 10L, 20L, 3L, 250L, 4000L, 10000L),
        waits(Profile.COMMAND_LINE.gitHub(GITHUB, Optional.empty())));
  }

  @Test
  void theToken_isGitHubTokenFromTheEnvironment_blankMeaningNone() {
    assertEquals(Optional.of("abc"), ClientWiring.gitHubToken(Map.of("GITHUB_TOKEN", " abc\n")));
    assertEquals(Optional.empty(), ClientWiring.gitHubToken(Map.of("GITHUB_TOKEN", "  ")));
    assertEquals(Optional.empty(), ClientWiring.gitHubToken(Map.of()));
    assertEquals(Optional.of("abc"), Settings.fromEnvironment(Map.of("GITHUB_TOKEN", "abc")).githubToken(),
        "the API's settings read it through the same method");
  }

  private final JsonLog log = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      Clock.systemUTC());

  @Test
  void gitHubAccess_offWhenTheCheckIsOff() {
    GitHubAccess access = ClientWiring.gitHubAccess(Profile.API, Settings.defaults().withGithubCheck(false),
        () -> arn -> "unused", log, Clock.systemUTC());
    assertFalse(access.enabled());
    assertTrue(access.client().isEmpty());
  }

  @Test
  void gitHubAccess_aTokenGivenDirectly_winsOverTheSecret_whichIsNeverRead() {
    AtomicInteger reads = new AtomicInteger();
    Settings settings = Settings.fromEnvironment(Map.of("GITHUB_TOKEN", "abc", Settings.GITHUB_TOKEN_SECRET_ARN, ARN));
    GitHubAccess access = ClientWiring.gitHubAccess(Profile.API, settings, () -> arn -> {
      reads.incrementAndGet();
      return "from-secret";
    }, log, Clock.systemUTC());
    assertTrue(access.client().isPresent());
    assertEquals(0, reads.get());
  }

  @Test
  void gitHubAccess_theSecret_isReadAtFirstUse() {
    AtomicInteger reads = new AtomicInteger();
    Settings settings = Settings.fromEnvironment(Map.of(Settings.GITHUB_TOKEN_SECRET_ARN, ARN));
    GitHubAccess access = ClientWiring.gitHubAccess(Profile.API, settings, () -> arn -> {
      reads.incrementAndGet();
      return "from-secret";
    }, log, Clock.systemUTC());
    assertEquals(0, reads.get(), "not while wiring");
    assertTrue(access.client().isPresent());
    assertEquals(1, reads.get());
  }
}
