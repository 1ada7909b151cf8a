package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void defaultsAreThePublicRegistryWithTheGitHubCheckAndNoTarball() {
    Settings s = Settings.fromEnvironment(Map.of());
    assertEquals(URI.create("https://registry.npmjs.org/"), s.registryUrl());
    assertTrue(s.githubCheck());
    assertEquals(URI.create("https://api.github.com/"), s.githubApiUrl());
    assertFalse(s.fetchTarball());
    assertEquals(Optional.empty(), s.githubToken());
    assertEquals(Optional.empty(), s.githubTokenSecretArn());
  }

  @Test
  void everyVariableIsRead() {
    Settings s = Settings.fromEnvironment(Map.of(
        "HEKATE_REGISTRY_URL", "https://npm.example.com/api/npm/remote/",
        "HEKATE_GITHUB_CHECK", "false",
        "HEKATE_GITHUB_API_URL", "https://ghe.example.com/api/v3/",
        "GITHUB_TOKEN", "ghp_abc",
        "HEKATE_GITHUB_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hekate/github-AbCdEf",
        "HEKATE_FETCH_TARBALL", "1"));
    assertEquals(URI.create("https://npm.example.com/api/npm/remote/"), s.registryUrl());
    assertFalse(s.githubCheck());
    assertEquals(URI.create("https://ghe.example.com/api/v3/"), s.githubApiUrl());
    assertEquals(Optional.of("ghp_abc"), s.githubToken());
    assertTrue(s.githubTokenSecretArn().isPresent());
    assertTrue(s.fetchTarball());
  }

  @Test
  void blankVariablesTakeTheirDefault() {
    Settings s = Settings.fromEnvironment(Map.of("HEKATE_REGISTRY_URL", " ", "GITHUB_TOKEN", "", "HEKATE_FETCH_TARBALL", ""));
    assertEquals(Settings.defaults(), s);
  }

  @Test
  void unusableValuesNameTheirVariable() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("HEKATE_REGISTRY_URL", "ftp://x/"))).getMessage().contains("HEKATE_REGISTRY_URL"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("HEKATE_FETCH_TARBALL", "maybe"))).getMessage().contains("HEKATE_FETCH_TARBALL"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Settings.fromEnvironment(Map.of("HEKATE_GITHUB_TOKEN_SECRET_ARN", "arn:aws:s3:::bucket"))).getMessage()
        .contains("HEKATE_GITHUB_TOKEN_SECRET_ARN"));
  }

  @Test
  void trustExceptionsAreCommaSeparatedAndAMalformedOneRefusesTheSettings() {
    assertEquals(List.of("axios@0.30.4", "@scope/pkg"),
        Settings.fromEnvironment(Map.of("HEKATE_TRUST_EXCLUDE", " axios@0.30.4, @scope/pkg ")).trustExceptions().texts());
    assertTrue(Settings.fromEnvironment(Map.of("HEKATE_TRUST_EXCLUDE", " ")).trustExceptions().isEmpty());
    for (String bad : List.of("axios@^1.0.0", "axios,,nx", "axios@latest", "../x", "axios,")) {
      assertThrows(IllegalArgumentException.class,
          () -> Settings.fromEnvironment(Map.of("HEKATE_TRUST_EXCLUDE", bad)), bad);
    }
  }

  @Test
  void theTokenNeverAppearsInToString() {
    Settings s = Settings.defaults().withGithubToken(Optional.of("ghp_supersecret"));
    assertFalse(s.toString().contains("ghp_supersecret"), s.toString());
    assertTrue(s.toString().contains("githubToken=(set)"));
  }
}
