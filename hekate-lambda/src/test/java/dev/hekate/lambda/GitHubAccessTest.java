package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A GitHub token from Secrets Manager: read at first use, kept, and a failure retried later. */
class GitHubAccessTest {
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hekate/github-AbCdEf";

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final JsonLog log = new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());

  /** A clock the test moves. */
  static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void theSecretIsReadAtFirstUseNotAtConstruction() {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger sources = new AtomicInteger();
    GitHubAccess access = GitHubAccess.fromSecret(GitHubConfig.defaults(), ARN, () -> {
      sources.incrementAndGet();
      return arn -> {
        reads.incrementAndGet();
        assertEquals(ARN, arn);
        return "ghp_fromsecret";
      };
    }, log, Clock.systemUTC());
    assertEquals(0, sources.get(), "nothing of the secret source is built during init");
    assertEquals(0, reads.get());
    assertTrue(access.enabled());
    GitHubClient first = access.client().orElseThrow();
    GitHubClient second = access.client().orElseThrow();
    assertSame(first, second);
    assertEquals(1, reads.get(), "read once, then kept");
    assertFalse(logBytes.toString(StandardCharsets.UTF_8).contains("ghp_fromsecret"), "the token is never logged");
  }

  @Test
  void anUnreadableSecretFallsBackToNoTokenAndIsRetriedAfterAMinute() {
    StepClock clock = new StepClock();
    Deque<String> answers = new ArrayDeque<>();
    answers.add("fail");
    answers.add("ghp_later");
    AtomicInteger reads = new AtomicInteger();
    GitHubAccess access = GitHubAccess.fromSecret(GitHubConfig.defaults(), ARN, () -> arn -> {
      reads.incrementAndGet();
      String answer = answers.removeFirst();
      if (answer.equals("fail")) {
        throw new SecretUnavailableException("AccessDeniedException: not allowed");
      }
      return answer;
    }, log, clock);
    GitHubClient anonymous = access.client().orElseThrow();
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("github_token_unavailable"));
    assertSame(anonymous, access.client().orElseThrow(), "no retry within the minute");
    assertEquals(1, reads.get());
    clock.now = clock.now.plus(GitHubAccess.RETRY_SECRET_AFTER).plus(Duration.ofSeconds(1));
    GitHubClient withToken = access.client().orElseThrow();
    assertNotSame(anonymous, withToken);
    assertEquals(2, reads.get());
  }

  @Test
  void aMissingSdkIsAnUnreadableSecretNotACrash() {
    GitHubAccess access = GitHubAccess.fromSecret(GitHubConfig.defaults(), ARN, () -> {
      throw new NoClassDefFoundError("software/amazon/awssdk/core/exception/SdkException");
    }, log, Clock.systemUTC());
    assertTrue(access.client().isPresent());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("AWS SDK"));
  }

  @Test
  void theTokenIsTheStringOrItsTokenField() throws SecretUnavailableException {
    assertEquals("ghp_a", GitHubAccess.token("ghp_a\n"));
    assertEquals("ghp_b", GitHubAccess.token("{\"token\":\"ghp_b\"}"));
    assertEquals("ghp_c", GitHubAccess.token("{\"GITHUB_TOKEN\":\"ghp_c\"}"));
    assertThrows(SecretUnavailableException.class, () -> GitHubAccess.token("{\"other\":\"x\"}"));
    assertThrows(SecretUnavailableException.class, () -> GitHubAccess.token("{not json"));
    assertThrows(SecretUnavailableException.class, () -> GitHubAccess.token("  "));
  }

  @Test
  void offMeansNoClient() {
    assertFalse(GitHubAccess.disabled().enabled());
    assertTrue(GitHubAccess.disabled().client().isEmpty());
  }
}
