package dev.hekate.lambda.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep functions' settings from the environment. */
class SweepSettingsTest {

  @Test
  void settingsFromTheEnvironment() {
    SweepSettings s = SweepSettings.fromEnvironment(Map.of(SweepSettings.QUEUE_URL, "https://sqs.eu-west-1.amazonaws.com/1/q",
        SweepSettings.LOOKBACK_MINUTES, "15", SweepSettings.PACKAGES_PER_MESSAGE, "10", SweepSettings.CONCURRENCY, "4"));
    assertEquals(15, s.lookback().toMinutes());
    assertEquals(10, s.packagesPerMessage());
    assertEquals(4, s.concurrency());
    assertEquals(SweepSettings.DEFAULT_PACKAGES_PER_MESSAGE, SweepSettings.fromEnvironment(Map.of()).packagesPerMessage());
  }

  @Test
  void unusableSettings_fail() {
    assertThrows(IllegalArgumentException.class,
        () -> SweepSettings.fromEnvironment(Map.of(SweepSettings.PACKAGES_PER_MESSAGE, "101")));
    assertThrows(IllegalArgumentException.class,
        () -> SweepSettings.fromEnvironment(Map.of(SweepSettings.LOOKBACK_MINUTES, "0")));
    assertThrows(IllegalArgumentException.class,
        () -> SweepSettings.fromEnvironment(Map.of(SweepSettings.CONCURRENCY, "many")));
  }
}
