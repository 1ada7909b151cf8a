package dev.hekate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every Hekate benchmark shares: the JMH settings (JMH's annotations are inherited, so a
 * subclass measures the same way) and where the real data comes from.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class RealDataBenchmark {

  /**
   * The real-data folder, {@code ../shared/realdata} unless {@code -Dhekate.realdata=DIR} says
   * otherwise.
   *
   * @throws IllegalStateException if the folder is absent
   */
  static Path realdata() {
    Path realdata = Path.of(System.getProperty("hekate.realdata", "../shared/realdata"));
    if (!Files.isDirectory(realdata)) {
      throw new IllegalStateException("benchmarks need ../shared/realdata (or -Dhekate.realdata=DIR)");
    }
    return realdata;
  }
}
