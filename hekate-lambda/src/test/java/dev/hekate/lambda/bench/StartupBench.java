package dev.hekate.lambda.bench;

import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.RealNpmCase;
import dev.hekate.testdata.registry.RealNpmCases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the Lambda handler, as {@code scripts/bench-startup} runs it: a loopback registry
 * serving one real npm case (here, in this JVM), and for each run a new JVM on the deployment jar
 * running {@link dev.hekate.lambda.local.InvokeOnce} — init from the environment, one event,
 * the verdict printed. Timed from just before the process is started to the verdict line on its
 * stdout; median of the runs. With the JVM flags of Lambda's java21 runtime (C1 only, serial GC,
 * the JDK's CDS archive), and with an application class-data archive made by a training run
 * first, the two alternating run by run.
 *
 * <pre>
 * StartupBench JAVA JAR WORKDIR RUNS [CASE_ID]
 * </pre>
 */
public final class StartupBench {
  static final List<String> LAMBDA_FLAGS = List.of(
      "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx1536m");
  static final String DEFAULT_CASE = "slsa-verifier-cli/provenance-npm-test-cli-v1-prega";  // sigstore@2.3.1

  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: StartupBench JAVA JAR WORKDIR RUNS [CASE_ID]");
      System.exit(2);
    }
    String java = args[0];
    Path jar = Path.of(args[1]).toAbsolutePath();
    Path work = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
    int runs = Integer.parseInt(args[3]);
    RealNpmCase realCase = RealNpmCases.byId(args.length > 4 ? args[4] : DEFAULT_CASE);
    if (!Files.isDirectory(RealData.root())) {
      System.err.println("bench-startup: needs ../shared/realdata (or -Dhekate.realdata)");
      System.exit(2);
    }
    try (FakeRegistry registry = FakeRegistry.start()) {
      registry.publish(realCase);
      String target = "/v1/npm/" + realCase.packageName() + "@" + realCase.version();
      Map<String, String> env = Map.of(
          "HEKATE_REGISTRY_URL", registry.baseUrl().toString(),
          "HEKATE_GITHUB_CHECK", "false",
          "HEKATE_FETCH_TARBALL", "false");
      System.out.printf("bench-startup: %s (%s, expected %s) from %s, %s, %d runs%n", target, realCase.id(),
          realCase.expected(), jar.getFileName(), Runtime.version(), runs);

      Path archive = work.resolve("hekate-lambda.jsa");
      Files.deleteIfExists(archive);
      run(command(java, LAMBDA_FLAGS, List.of("-XX:ArchiveClassesAtExit=" + archive), jar, target), env,
          realCase.expected().name());
      // The two alternate, run by run, so a machine that slows down mid-way slows both alike.
      List<String> plain = command(java, LAMBDA_FLAGS, List.of(), jar, target);
      List<String> withArchive = command(java, LAMBDA_FLAGS, List.of("-XX:SharedArchiveFile=" + archive), jar, target);
      long[] base = new long[runs];
      long[] cds = new long[runs];
      for (int i = 0; i < runs; i++) {
        base[i] = run(plain, env, realCase.expected().name());
        cds[i] = run(withArchive, env, realCase.expected().name());
      }
      report("lambda flags         ", base);
      report("lambda flags + AppCDS", cds);
      System.out.printf("bench-startup: median %d ms (Lambda flags), %d ms (with AppCDS, archive %d MiB)%n",
          median(base), median(cds), Files.size(archive) >> 20);
    }
  }

  private static List<String> command(String java, List<String> flags, List<String> extra, Path jar, String target) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(flags);
    command.addAll(extra);
    command.addAll(List.of("-cp", jar.toString(), "dev.hekate.lambda.local.InvokeOnce", target));
    return command;
  }

  /** Milliseconds from starting the process to its verdict line. */
  private static long run(List<String> command, Map<String, String> env, String expected)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    long elapsed = -1;
    String verdictLine = "";
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("HTTP ")) {
          elapsed = (System.nanoTime() - start) / 1_000_000;
          verdictLine = line;
        }
      }
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the handler did not exit within 60 s");
    }
    if (elapsed < 0 || !verdictLine.startsWith("HTTP 200 ") || !verdictLine.contains("\"status\":\"" + expected + "\"")) {
      throw new IllegalStateException("expected a 200 " + expected + " verdict, got: " + verdictLine);
    }
    return elapsed;
  }

  private static void report(String label, long[] millis) {
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    System.out.printf("  %s median %4d ms  min %4d  max %4d  runs %s%n", label, median(millis), sorted[0],
        sorted[sorted.length - 1], Arrays.toString(millis));
  }

  static long median(long[] millis) {
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
