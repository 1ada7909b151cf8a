package dev.hekate.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.metrics.MetricsBatch;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.PublishReport;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.lambda.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One flush per invocation, in a finally, never throwing. */
class MetricsFlushTest {
  private final List<MetricsBatch> flushed = new ArrayList<>();
  private final MetricsPublisher publisher = batch -> {
    flushed.add(batch);
    return new PublishReport(batch.points().size(), 0, batch.events().size(), 0, Optional.empty());
  };
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final JsonLog log = new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), Clock.systemUTC());

  private String logged() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void whatTheWorkRecorded_isFlushedOnce_andItsResultReturned() {
    String result = new MetricsFlush(publisher, log).around(sink -> {
      VerdictMetrics.sweepPackages(sink, 3);
      return "done";
    });
    assertEquals("done", result);
    assertEquals(1, flushed.size());
    assertEquals(1, flushed.get(0).points().size());
  }

  @Test
  void workThatThrows_isStillFlushed_andTheExceptionPassedOn() {
    MetricsFlush metrics = new MetricsFlush(publisher, log);
    assertThrows(IllegalStateException.class, () -> metrics.around(sink -> {
      VerdictMetrics.sweepPackages(sink, 3);
      throw new IllegalStateException("boom");
    }));
    assertEquals(1, flushed.size());
    assertEquals(1, flushed.get(0).points().size());
  }

  @Test
  void aPublisherThatThrows_isLogged_notThrown() {
    MetricsPublisher broken = batch -> {
      throw new IllegalStateException("publisher bug");
    };
    assertEquals("ok", new MetricsFlush(broken, log).around(sink -> "ok"));
    assertTrue(logged().contains("\"msg\":\"metrics.failed\""));
  }

  @Test
  void anIncompletePublish_isLogged() {
    MetricsPublisher refusing = batch -> new PublishReport(0, batch.points().size(), 0, 0, Optional.of("refused"));
    new MetricsFlush(refusing, log).around(sink -> {
      VerdictMetrics.sweepPackages(sink, 3);
      return null;
    });
    assertTrue(logged().contains("\"msg\":\"metrics.incomplete\""));
  }

  @Test
  void record_neverThrows_evenWhenRecordingFails() {
    new MetricsFlush(publisher, log).record(sink -> {
      throw new IllegalStateException("recording bug");
    });
    assertTrue(logged().contains("\"msg\":\"metrics.failed\""));
    assertEquals(1, flushed.size(), "flushed all the same");
  }
}
