package dev.hekate.datadog;

import dev.hekate.core.config.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how Hekate talks to Datadog.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@code DD_SITE}</td><td>the Datadog site, e.g. {@code datadoghq.eu}; default {@code datadoghq.com}:
 *       requests go to {@code https://api.<site>}</td></tr>
 *   <tr><td>{@code HEKATE_DATADOG_URL}</td><td>replaces the whole base URL (tests, proxies), e.g. {@code http://127.0.0.1:8080}</td></tr>
 *   <tr><td>{@code DD_API_KEY}</td><td>the API key (metrics, events); see {@link KeySource}</td></tr>
 *   <tr><td>{@code DD_APP_KEY}</td><td>the application key, needed only by {@code hekate datadog apply}</td></tr>
 * </table>
 *
 * @param baseUrl the override of {@code HEKATE_DATADOG_URL}, if any
 * @param site the site of {@code DD_SITE}
 * @param seriesPerRequest series per {@code submitMetrics} request (Datadog caps a payload's size)
 */
public record DatadogSettings(Optional<URI> baseUrl, String site, Duration connectTimeout, Duration readTimeout,
    RetryPolicy retry, int seriesPerRequest) {

  public static final String ENV_SITE = "DD_SITE";
  public static final String ENV_URL = "HEKATE_DATADOG_URL";
  public static final String ENV_API_KEY = "DD_API_KEY";
  // Constant declarations: the list is the data, so its shape repeats.
  public static final String ENV_APP_KEY = "DD_APP_KEY";
  public static final String DEFAULT_SITE = "datadoghq.com";

  private static final Pattern SITE = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

  public DatadogSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retry, "retry");
    if (!SITE.matcher(site).matches()) {
      throw new IllegalArgumentException(ENV_SITE + " must be a host name such as datadoghq.eu");
    }
    if (seriesPerRequest < 1) {
      throw new IllegalArgumentException("seriesPerRequest must be positive");
    }
  }

  public static DatadogSettings defaults() {
    return new DatadogSettings(Optional.empty(), DEFAULT_SITE, Duration.ofSeconds(5), Duration.ofSeconds(15),
        RetryPolicy.defaults(), 500);
  }

  /**
   * Reads {@code DD_SITE} and {@code HEKATE_DATADOG_URL}; unset or blank ones take their default.
   *
   * @throws IllegalArgumentException naming the variable whose value cannot be used
   */
  public static DatadogSettings fromEnvironment(Map<String, String> env) {
    DatadogSettings d = defaults();
    String site = Environment.value(env, ENV_SITE).map(s -> s.toLowerCase(Locale.ROOT)).orElse(d.site());
    return new DatadogSettings(Environment.value(env, ENV_URL).map(DatadogSettings::url), site, d.connectTimeout(),
        d.readTimeout(), d.retry(), d.seriesPerRequest());
  }

  /** Whether metrics should be sent at all: an API key or a base URL is configured. */
  public static boolean configured(Map<String, String> env) {
    return Environment.value(env, ENV_API_KEY).isPresent() || Environment.value(env, ENV_URL).isPresent();
  }

  public DatadogSettings withRetry(RetryPolicy retry) {
    return new DatadogSettings(baseUrl, site, connectTimeout, readTimeout, retry, seriesPerRequest);
  }

  public DatadogSettings withBaseUrl(URI url) {
    return new DatadogSettings(Optional.of(url), site, connectTimeout, readTimeout, retry, seriesPerRequest);
  }

  public DatadogSettings withSeriesPerRequest(int n) {
    return new DatadogSettings(baseUrl, site, connectTimeout, readTimeout, retry, n);
  }

  public DatadogSettings withTimeouts(Duration connect, Duration read) {
    return new DatadogSettings(baseUrl, site, connect, read, retry, seriesPerRequest);
  }

  /** The URL requests are sent to, without a trailing slash. */
  public String apiBase() {
    String base = baseUrl.map(URI::toString).orElse("https://api." + site);
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static URI url(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(ENV_URL + " must be an http(s) URL with a host, no credentials or query");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(ENV_URL + " is not a URL");
    }
  }

}
