package dev.hekate.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.github.GitHubClient;
import dev.hekate.core.github.GitHubConfig;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.lambda.log.JsonLog;
import dev.hekate.lambda.secrets.SecretSource;
import dev.hekate.lambda.secrets.SecretUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The GitHub client for the {@code github.run} check: none (check off), one built at init (no
 * token, or a token given directly), or one whose token is read from Secrets Manager at the first
 * request that asks for it.
 *
 * <p>A secret that cannot be read is not fatal: GitHub is asked without a token (so at worst the
 * check is UNKNOWN under the anonymous rate limit), and the secret is tried again after
 * {@link #RETRY_SECRET_AFTER}. Thread-safe.
 */
final class GitHubAccess {
  static final Duration RETRY_SECRET_AFTER = Duration.ofMinutes(1);

  private final Optional<GitHubClient> fixed;
  private final GitHubConfig config;
  private final String secretArn;
  private final Supplier<SecretSource> secrets;
  private final JsonLog log;
  private final Clock clock;

  private volatile GitHubClient withToken;
  // Guarded by this.
  private Instant retryAt = Instant.MIN;
  private GitHubClient anonymous;

  private GitHubAccess(Optional<GitHubClient> fixed, GitHubConfig config, String secretArn, Supplier<SecretSource> secrets,
      JsonLog log, Clock clock) {
    // Plain field assignments: each class stores its own fields, nothing shared.
    this.fixed = fixed;
    this.config = config;
    this.secretArn = secretArn;
    this.secrets = secrets;
    this.log = log;
    this.clock = clock;
  }

  /** The check is off. */
  static GitHubAccess disabled() {
    return new GitHubAccess(Optional.empty(), GitHubConfig.defaults(), "", () -> arn -> "", JsonLog.stdout(), Clock.systemUTC());
  }

  /** One client, built now (opens no connection). */
  static GitHubAccess fixed(GitHubConfig config) {
    return new GitHubAccess(Optional.of(GitHubClient.create(config)), config, "", () -> arn -> "", JsonLog.stdout(),
        Clock.systemUTC());
  }

  /**
   * A client whose token is read from {@code secretArn} on first use.
   *
   * @param secrets called at the first use, not now, so nothing of the SDK loads during init
   */
  static GitHubAccess fromSecret(GitHubConfig config, String secretArn, Supplier<SecretSource> secrets, JsonLog log,
      Clock clock) {
    return new GitHubAccess(Optional.empty(), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(secretArn, "secretArn"), Objects.requireNonNull(secrets, "secrets"),
        Objects.requireNonNull(log, "log"), Objects.requireNonNull(clock, "clock"));
  }

  boolean enabled() {
    return fixed.isPresent() || !secretArn.isEmpty();
  }

  /** The client to use for this request, if the check is on. */
  Optional<GitHubClient> client() {
    if (secretArn.isEmpty()) {
      return fixed;
    }
    GitHubClient ready = withToken;
    return Optional.of(ready != null ? ready : loadToken());
  }

  private synchronized GitHubClient loadToken() {
    if (withToken != null) {
      return withToken;
    }
    Instant now = clock.instant();
    if (now.isBefore(retryAt)) {
      return anonymous();
    }
    try {
      String token = token(secrets.get().read(secretArn));
      withToken = GitHubClient.create(config.withToken(Optional.of(token)));
      log.event("INFO", "github_token_loaded", "GitHub token read from " + secretArn);
      return withToken;
    } catch (SecretUnavailableException | IllegalArgumentException e) {
      return unavailable(now, e.getMessage());
    } catch (LinkageError e) {
      // The AWS SDK is not on the class path (the command line's jar leaves it out).
      return unavailable(now, "the AWS SDK is not available: " + e);
    }
  }

  private GitHubClient unavailable(Instant now, String why) {
    retryAt = now.plus(RETRY_SECRET_AFTER);
    log.event("WARN", "github_token_unavailable", why + "; asking GitHub without a token until " + retryAt);
    return anonymous();
  }

  private GitHubClient anonymous() {
    if (anonymous == null) {
      anonymous = GitHubClient.create(config.withToken(Optional.empty()));
    }
    return anonymous;
  }

  /**
   * The token in a secret string: the string itself, or the {@code token} (else
   * {@code GITHUB_TOKEN}) field of a JSON object, as the console's key/value editor stores it.
   */
  static String token(String secret) throws SecretUnavailableException {
    String text = secret.strip();
    if (!text.startsWith("{")) {
      if (text.isEmpty()) {
        throw new SecretUnavailableException("the GitHub token secret is empty");
      }
      return text;
    }
    try {
      JsonNode node = Json.parse(text.getBytes(StandardCharsets.UTF_8), Limits.MAX_SECRET_JSON_BYTES,
          "the GitHub token secret");
      for (String field : new String[] {"token", "GITHUB_TOKEN"}) {
        if (node.path(field).isTextual() && !node.path(field).asText().isBlank()) {
          return node.path(field).asText().strip();
        }
      }
      throw new SecretUnavailableException("the GitHub token secret is a JSON object without a 'token' field");
    } catch (JsonFormatException e) {
      throw new SecretUnavailableException("the GitHub token secret starts with '{' but is not JSON");
    }
  }
}
