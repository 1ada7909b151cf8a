package dev.hekate.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatadogSettingsTest {
  @Test
  void theSiteNamesTheApiHostAndTheUrlOverridesIt() {
    assertEquals("https://api.datadoghq.com", DatadogSettings.fromEnvironment(Map.of()).apiBase());
    assertEquals("https://api.datadoghq.eu", DatadogSettings.fromEnvironment(Map.of("DD_SITE", "datadoghq.eu")).apiBase());
    assertEquals("https://api.us5.datadoghq.com",
        DatadogSettings.fromEnvironment(Map.of("DD_SITE", " US5.datadoghq.com ")).apiBase());
    assertEquals("http://127.0.0.1:8126/proxy", DatadogSettings.fromEnvironment(
        Map.of("DD_SITE", "datadoghq.eu", "HEKATE_DATADOG_URL", "http://127.0.0.1:8126/proxy/")).apiBase());
  }

  @Test
  void unusableValuesNameTheirVariable() {
    IllegalArgumentException site = assertThrows(IllegalArgumentException.class,
        () -> DatadogSettings.fromEnvironment(Map.of("DD_SITE", "https://evil.test/")));
    assertTrue(site.getMessage().contains("DD_SITE"));
    for (String url : new String[] {"ftp://x", "http://user:pw@host", "not a url", "http://host/?q=1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DatadogSettings.fromEnvironment(Map.of("HEKATE_DATADOG_URL", url)), url);
      assertTrue(e.getMessage().contains("HEKATE_DATADOG_URL"), e.getMessage());
    }
  }

  @Test
  void metricsAreOnWhenAKeyOrAUrlIsSet() throws Exception {
    assertFalse(DatadogSettings.configured(Map.of()));
    assertFalse(DatadogSettings.configured(Map.of("DD_API_KEY", " ")));
    assertTrue(DatadogSettings.configured(Map.of("DD_API_KEY", "k")));
    assertTrue(DatadogSettings.configured(Map.of("HEKATE_DATADOG_URL", "http://127.0.0.1:1")));
    assertEquals(Optional.of("k"), KeySource.environment(Map.of("DD_API_KEY", " k "), "DD_API_KEY").key());
    assertEquals(Optional.empty(), KeySource.environment(Map.of(), "DD_API_KEY").key());
  }

  @Test
  void backoffDoublesUpToItsCap() {
    RetryPolicy p = RetryPolicy.defaults();
    assertEquals(500, p.backoff(1).toMillis());
    assertEquals(1000, p.backoff(2).toMillis());
    assertEquals(2000, p.backoff(3).toMillis());
    assertEquals(8000, p.backoff(9).toMillis());
  }
}
