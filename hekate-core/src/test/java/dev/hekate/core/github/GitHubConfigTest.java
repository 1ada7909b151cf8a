package dev.hekate.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.http.HttpPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubConfigTest {
  @Test
  void defaultsArePublicGitHubWithoutAToken() {
    GitHubConfig config = GitHubConfig.defaults();
    assertEquals(URI.create("https://api.github.com/"), config.baseUrl());
    assertFalse(config.hasToken());
    assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS, config.maxAttempts());
    assertEquals(HttpPolicy.DEFAULT_MAX_RETRY_AFTER, config.maxRetryAfter());
    assertEquals(1 << 20, config.maxResponseBytes());
  }

  @Test
  void theBaseUrlGainsATrailingSlash() {
    assertEquals(URI.create("https://ghe.example.com/api/v3/"),
        GitHubConfig.defaults().withBaseUrl(URI.create("https://ghe.example.com/api/v3")).baseUrl());
    assertEquals(URI.create("http://127.0.0.1:8080/"),
        GitHubConfig.defaults().withBaseUrl(URI.create("http://127.0.0.1:8080")).baseUrl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://api.github.com/", "https://user:pw@api.github.com/", "https://api.github.com/?a=1",
      "https://api.github.com/#x", "mailto:someone@example.com", "/relative/path"})
  void anUnusableBaseUrlIsRefused(String url) {
    assertThrows(IllegalArgumentException.class, () -> GitHubConfig.defaults().withBaseUrl(URI.create(url)));
  }

  @Test
  void aTokenIsKeptButNeverShown() {
    GitHubConfig config = GitHubConfig.defaults().withToken(Optional.of("ghp_s3cr3t"));
    assertTrue(config.hasToken());
    assertEquals(Optional.of("ghp_s3cr3t"), config.token());
    assertFalse(config.toString().contains("s3cr3t"));
    assertFalse(config.withToken(Optional.empty()).hasToken());
    assertFalse(config.withToken(Optional.of("")).hasToken());
    assertFalse(config.withToken(Optional.of("  ")).hasToken());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghp_a b", "ghp_\n", "ghp_\u00e9", "Bearer\tx"})
  void aTokenThatCannotBeAHeaderIsRefused(String token) {
    assertThrows(IllegalArgumentException.class, () -> GitHubConfig.defaults().withToken(Optional.of(token)));
  }

  @Test
  void outOfRangeValuesAreRefused() {
    GitHubConfig config = GitHubConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> config.withMaxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> config.withMaxAttempts(HttpPolicy.MAX_ATTEMPTS + 1));
    assertThrows(IllegalArgumentException.class, () -> config.withMaxResponseBytes(0));
    assertThrows(IllegalArgumentException.class,
        () -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> config.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> config.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5)));
    assertThrows(IllegalArgumentException.class,
        () -> config.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    assertEquals(Duration.ZERO,
        config.withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO).maxRetryAfter());
  }
}
