package dev.hekate.core.metrics;

import java.util.List;

/**
 * Where Hekate's code records what it observed. Recording never does I/O and never throws: an
 * implementation that ships points elsewhere buffers them ({@link BufferingSink}) and is flushed
 * once per invocation (a CLI run, a Lambda request or batch).
 *
 * <p>Names are dotted ({@code hekate.verification}); tags are {@code key:value} strings,
 * normalised by the sink ({@link Tags}).
 */
public interface MetricsSink {

  /** Records nothing: for callers that report no metrics. */
  MetricsSink NONE = new MetricsSink() {
    @Override
    public void count(String name, double value, List<String> tags) {}

    @Override
    public void gauge(String name, double value, List<String> tags) {}

    @Override
    public void event(AlertEvent event) {}
  };

  /** Adds {@code value} occurrences to the series {@code name} + {@code tags}. */
  void count(String name, double value, List<String> tags);

  /** Sets the series {@code name} + {@code tags} to {@code value}. */
  void gauge(String name, double value, List<String> tags);

  /** Records an event for a person. */
  void event(AlertEvent event);
}
