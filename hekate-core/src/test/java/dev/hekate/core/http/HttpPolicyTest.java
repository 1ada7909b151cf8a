package dev.hekate.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy value both HTTP clients' configurations hold. */
class HttpPolicyTest {
  private static final HttpPolicy DEFAULTS = HttpPolicy.defaults(URI.create("https://example.test"));

  @Test
  void defaultsAreTheDefaultConstants() {
    assertEquals(URI.create("https://example.test/"), DEFAULTS.baseUrl());
    assertEquals(Optional.empty(), DEFAULTS.token());
    assertEquals(HttpPolicy.DEFAULT_CONNECT_TIMEOUT, DEFAULTS.connectTimeout());
    assertEquals(HttpPolicy.DEFAULT_READ_TIMEOUT, DEFAULTS.readTimeout());
    assertEquals(HttpPolicy.DEFAULT_CALL_TIMEOUT, DEFAULTS.callTimeout());
    assertEquals(HttpPolicy.DEFAULT_MAX_ATTEMPTS, DEFAULTS.maxAttempts());
    assertEquals(HttpPolicy.DEFAULT_BACKOFF_BASE, DEFAULTS.backoffBase());
    assertEquals(HttpPolicy.DEFAULT_BACKOFF_MAX, DEFAULTS.backoffMax());
    assertEquals(HttpPolicy.DEFAULT_MAX_RETRY_AFTER, DEFAULTS.maxRetryAfter());
    assertSame(Sleeper.SYSTEM, DEFAULTS.sleeper());
  }

  @Test
  void eachChangeLeavesTheRestAlone() {
    HttpPolicy changed = DEFAULTS.withToken(Optional.of("t0ken")).withMaxAttempts(1)
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertEquals(Optional.of("t0ken"), changed.token());
    assertEquals(1, changed.maxAttempts());
    assertEquals(Duration.ofSeconds(2), changed.readTimeout());
    assertEquals(DEFAULTS.baseUrl(), changed.baseUrl());
    assertEquals(DEFAULTS.backoffMax(), changed.backoffMax());
    assertFalse(changed.toString().contains("t0ken"));
    assertEquals(Optional.empty(), changed.withToken(Optional.empty()).token());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "t\r\nX-Injected: 1", "t\u00e9"})
  void aTokenThatCannotBeAHeaderIsRefused(String token) {
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withToken(Optional.of(token)));
  }

  @Test
  void aWaitTheServerAsksForMayBeCappedAtZeroButNotBelow() {
    assertEquals(Duration.ZERO, DEFAULTS.withBackoff(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO)
        .maxRetryAfter());
    assertThrows(IllegalArgumentException.class,
        () -> DEFAULTS.withBackoff(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(-1)));
  }
}
