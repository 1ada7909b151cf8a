package dev.hekate.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hekate.core.metrics.MetricPoint;
import dev.hekate.core.metrics.MetricType;
import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.datadog.DatadogSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The functions' Datadog publisher: the key from a secret read at the first flush, the API's tuning. */
class DatadogWiringTest {
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hekate/dd-AbCdEf";

  @RegisterExtension
  static final WireMockExtension datadog = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static MetricsBatch onePoint() {
    return new MetricsBatch(List.of(new MetricPoint("hekate.sweep.packages", MetricType.GAUGE, 3,
        Instant.now(), List.of("ecosystem:npm"))), List.of(), 0);
  }

  @Test
  void theKeySecretIsReadAtTheFirstFlush_once() {
    datadog.stubFor(post(urlEqualTo("/api/v2/series")).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"errors\":[]}")));
    AtomicInteger reads = new AtomicInteger();
    Map<String, String> env = Map.of("HEKATE_DATADOG_URL", datadog.baseUrl(), DatadogWiring.KEY_SECRET_ARN, ARN);
    MetricsPublisher publisher = DatadogWiring.publisher(env,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), () -> arn -> {
          reads.incrementAndGet();
          assertEquals(ARN, arn);
          return " key-from-secret\n";
        }, settings -> settings);
    assertEquals(0, reads.get(), "not read while the wiring is built");
    assertTrue(publisher.publish(onePoint()).complete());
    assertTrue(publisher.publish(onePoint()).complete());
    assertEquals(1, reads.get());
    datadog.verify(2, postRequestedFor(urlEqualTo("/api/v2/series")).withHeader("DD-API-KEY", equalTo("key-from-secret")));
  }

  @Test
  void withoutAnyDatadogSetting_theSweepsPublisherSendsNothing() {
    PublishReport report = DatadogWiring.forSweep(Map.of(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).publish(onePoint());
    assertEquals(0, report.pointsSent());
  }

  @Test
  void theApiWaitsLessForDatadogThanTheSweep() {
    DatadogSettings defaults = DatadogSettings.defaults();
    DatadogSettings api = DatadogWiring.apiTuning(defaults);
    assertEquals(2, api.retry().maxAttempts());
    assertTrue(api.readTimeout().compareTo(defaults.readTimeout()) < 0);
    assertTrue(api.connectTimeout().compareTo(Duration.ofSeconds(1)) <= 0);
    assertTrue(defaults.retry().maxAttempts() > api.retry().maxAttempts());
  }
}
