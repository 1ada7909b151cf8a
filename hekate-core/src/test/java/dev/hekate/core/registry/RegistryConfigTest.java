package dev.hekate.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.http.HttpPolicy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Registry configuration: defaults, base URL normalisation, and what it refuses. */
class RegistryConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    RegistryConfig config = RegistryConfig.defaults();
    assertEquals(URI.create("https://registry.npmjs.org/"), config.baseUrl());
    assertFalse(config.hasToken());
    assertEquals(Duration.ofSeconds(5), config.connectTimeout());
    assertEquals(Duration.ofSeconds(15), config.readTimeout());
    assertEquals(Duration.ofSeconds(30), config.callTimeout());
    assertEquals(3, config.maxAttempts());
    assertEquals(Duration.ofSeconds(10), config.maxRetryAfter());
    assertEquals(64 << 20, config.maxPackumentBytes());
    assertEquals(256L << 20, config.maxTarballBytes());
    assertTrue(config.userAgent().startsWith("hekate/"));
  }

  @Test
  void theBaseUrlAlwaysEndsInASlash() {
    assertEquals(URI.create("http://host:8081/api/npm/remote/"),
        RegistryConfig.defaults().withBaseUrl(URI.create("http://host:8081/api/npm/remote")).baseUrl());
    assertEquals(URI.create("http://host:8081/api/npm/remote/"),
        RegistryConfig.defaults().withBaseUrl(URI.create("http://host:8081/api/npm/remote/")).baseUrl());
    assertEquals(URI.create("https://host/"), RegistryConfig.defaults().withBaseUrl(URI.create("HTTPS://host")).baseUrl());
  }

  @Test
  void refusesBaseUrlsThatCouldLeakOrMislead() {
    RegistryConfig d = RegistryConfig.defaults();
    for (String url : new String[] {
        "ftp://host/", "file:///etc/", "https://user:pass@host/", "https://host/?token=x", "https://host/#x",
        "mailto:someone@example.com", "/relative/path"}) {
      assertThrows(IllegalArgumentException.class, () -> d.withBaseUrl(URI.create(url)), url);
    }
  }

  @Test
  void refusesOutOfRangeSettings() {
    RegistryConfig d = RegistryConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withMaxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxAttempts(HttpPolicy.MAX_ATTEMPTS + 1));
    assertThrows(IllegalArgumentException.class, () -> d.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxTarballBytes(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxPackumentBytes(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withToken(" "));
    assertThrows(IllegalArgumentException.class, () -> d.withToken("a\r\nX-Injected: 1"));
    assertThrows(IllegalArgumentException.class, () -> d.withUserAgent("hekate\n"));
    assertThrows(IllegalArgumentException.class,
        () -> d.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  @Test
  void theTokenIsNeverPrinted() {
    RegistryConfig config = RegistryConfig.defaults().withToken("npm_abcdef123456");
    assertTrue(config.hasToken());
    assertFalse(config.toString().contains("abcdef"));
    assertFalse(config.withoutToken().hasToken());
  }
}
