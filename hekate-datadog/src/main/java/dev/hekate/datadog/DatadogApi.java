package dev.hekate.datadog;

import com.datadog.api.client.ApiClient;
import com.datadog.api.client.ApiException;
import com.datadog.api.client.v1.api.DashboardsApi;
import com.datadog.api.client.v1.api.EventsApi;
import com.datadog.api.client.v1.api.MonitorsApi;
import com.datadog.api.client.v2.api.MetricsApi;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured datadog-api-client {@link ApiClient} and the APIs Hekate uses, with Hekate's own
 * bounded retries ({@link RetryPolicy}; the client's built-in retry stays off so that attempts are
 * counted and waits are injectable). Building one opens no connection.
 *
 * <p>Calls are serialised ({@code synchronized}): keys are set on the shared client per call.
 */
public final class DatadogApi {
  private final ApiClient client;
  private final MetricsApi metrics;
  private final EventsApi events;
  private final MonitorsApi monitors;
  private final DashboardsApi dashboards;
  private final DatadogSettings settings;
  private final Waiter sleeper;
  private final ThreadLocal<Integer> lastStatus = new ThreadLocal<>();

  private DatadogApi(DatadogSettings settings, Waiter sleeper) {
    this.settings = settings;
    this.sleeper = sleeper;
    this.client = new ApiClient();
    if (settings.baseUrl().isPresent()) {
      // No server index: every operation goes to the base path as given.
      client.setServerIndex(null);
      client.setBasePath(settings.apiBase());
    } else {
      Map<String, String> variables = new HashMap<>();
      variables.put("site", settings.site());
      client.setServerVariables(variables);
    }
    client.setConnectTimeout((int) settings.connectTimeout().toMillis());
    client.setReadTimeout((int) settings.readTimeout().toMillis());
    // Remembers the status of each response this thread received, so that a 2xx whose body the
    // client cannot read counts as accepted instead of being sent again (and counted twice).
    client.getHttpClient().register((ClientResponseFilter) (request, response) -> lastStatus.set(response.getStatus()));
    this.metrics = new MetricsApi(client);
    this.events = new EventsApi(client);
    this.monitors = new MonitorsApi(client);
    this.dashboards = new DashboardsApi(client);
  }

  public static DatadogApi create(DatadogSettings settings, Waiter sleeper) {
    return new DatadogApi(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(sleeper, "sleeper"));
  }

  public DatadogSettings settings() {
    return settings;
  }

  /** The client's JSON mapper, which reads and writes its models. */
  com.fasterxml.jackson.databind.ObjectMapper mapper() {
    return client.getJSON().getMapper();
  }

  // Plain accessors, one per field: nothing to share but the shape.
  MetricsApi metrics() {
    return metrics;
  }

  EventsApi events() {
    return events;
  }

  MonitorsApi monitors() {
    return monitors;
  }

  DashboardsApi dashboards() {
    return dashboards;
  }

  /** One Datadog call. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws ApiException;
  }

  /** How a call ended. */
  sealed interface Result<T> {
    record Ok<T>(T value) implements Result<T> {}

    /** Datadog answered 2xx with a body the client could not read: the request was taken. */
    record Accepted<T>(int status) implements Result<T> {}

    /**
     * @param status the last HTTP status, 0 when Datadog could not be reached
     * @param unavailable whether later calls are likely to fail the same way (unreachable,
     *     429/5xx after every retry, a refused key), so that they should not be attempted
     */
    record Failed<T>(String reason, int status, boolean unavailable) implements Result<T> {}
  }

  /**
   * Runs {@code call} with {@code keys}, retrying 429, 5xx and network errors per the policy.
   * Never throws.
   */
  synchronized <T> Result<T> call(Optional<String> apiKey, Optional<String> appKey, Call<T> call) {
    Map<String, String> keys = new HashMap<>();
    keys.put("apiKeyAuth", apiKey.orElse(null));
    keys.put("appKeyAuth", appKey.orElse(null));
    client.configureApiKeys(keys);
    RetryPolicy retry = settings.retry();
    String last = "";
    int status = 0;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      Duration wait = retry.backoff(attempt);
      lastStatus.remove();
      try {
        return new Result.Ok<>(call.run());
      } catch (ApiException e) {
        int code = e.getCode();
        status = code;
        if (code != 0 && code != 429 && code < 500) {
          return new Result.Failed<>("HTTP " + code + body(e), code, code == 401 || code == 403);
        }
        last = code == 0 ? "unreachable: " + e.getMessage() : "HTTP " + code;
        if (code == 429) {
          wait = rateLimitReset(e).map(w -> w.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : w).orElse(wait);
        }
      } catch (RuntimeException e) {
        Integer answered = lastStatus.get();
        if (answered != null && answered / 100 == 2) {
          return new Result.Accepted<>(answered);
        }
        // Jersey reports connection failures and timeouts as ProcessingException.
        status = 0;
        last = "unreachable: " + e.getClass().getSimpleName()
            + Optional.ofNullable(e.getCause()).map(c -> " (" + c.getClass().getSimpleName() + ")").orElse("");
      }
      if (attempt < retry.maxAttempts()) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Result.Failed<>(last + "; interrupted while waiting to retry", status, true);
        }
      }
    }
    return new Result.Failed<>(last + " after " + retry.maxAttempts() + " attempt(s)", status, true);
  }

  private static Optional<Duration> rateLimitReset(ApiException e) {
    Map<String, List<String>> headers = e.getResponseHeaders();
    if (headers == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase("X-RateLimit-Reset") && !h.getValue().isEmpty()) {
        try {
          long seconds = Long.parseLong(h.getValue().get(0).strip());
          return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static String body(ApiException e) {
    String body = e.getResponseBody();
    if (body == null || body.isBlank()) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    return ": " + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat);
  }
}
