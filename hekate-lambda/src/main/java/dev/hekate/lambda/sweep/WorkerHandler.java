package dev.hekate.lambda.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.MetricsSink;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.sweep.PackageResult;
import dev.hekate.core.sweep.SweepEngine;
import dev.hekate.core.sweep.SweepListener;
import dev.hekate.core.sweep.SweepMetrics;
import dev.hekate.core.sweep.SweepNetwork;
import dev.hekate.core.sweep.VersionFlood;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.vsa.VerifierNetwork;
import dev.hekate.lambda.ClientWiring;
import dev.hekate.lambda.DatadogWiring;
import dev.hekate.lambda.MetricsFlush;
import dev.hekate.lambda.Settings;
import dev.hekate.lambda.TrustMaterial;
import dev.hekate.lambda.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sweep's worker, fed by SQS: for each message, sweeps its packages in its window
 * ({@link SweepEngine#run}, the versions published in the window plus the latest, regression
 * always re-evaluated), records each verdict's metrics and events, and flushes them to Datadog in
 * a {@code finally} (Datadog down: the points go to the log and the batch still succeeds).
 * Each message also records {@code hekate.sweep.duration}: the seconds from the run's scheduled
 * start (its window's end) to the message's completion, whose maximum is the sweep's duration.
 *
 * <p>Answers with {@code batchItemFailures} (the function's event source sets
 * {@code ReportBatchItemFailures}), so only the messages that need it come back:
 * <ul>
 *   <li>a message with a package whose result is {@link PackageResult#retryable()} (the registry
 *       could not be read): redelivered after the visibility timeout, and after
 *       {@code maxReceiveCount} receives moved to the dead-letter queue. The other packages of that
 *       message are swept again with it (their metrics counted again): the price of 25 names per
 *       message rather than one;
 *   <li>a malformed message: logged ({@code sweep.message_malformed}) and also reported failed.
 *       Retrying it cannot succeed, but reporting it is what carries it to the dead-letter queue,
 *       where a person can read the body that came from somewhere other than the planner; the
 *       retries cost a JSON parse each, nothing else.
 * </ul>
 * Everything else, FAILED and MISSING verdicts and packages npm does not have included, is an
 * answer and the message is done. So is a {@link VersionFlood}: it is logged
 * ({@code sweep.version_flood}) and recorded ({@code hekate.sweep.version_flood}, and
 * {@code hekate.sweep.versions_deferred} for what lay beyond the ceiling), but not reported failed:
 * a redelivery would meet the same packument, verify the same versions and defer the same ones,
 * and the next run's window will not hold them either. The alarm is the metric and the log line.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

  /** The Lambda wiring, built during init (SnapStart snapshots it); tests never load it. */
  private static final class Default {
    static final Map<String, String> ENV = System.getenv();
    static final SweepSettings SETTINGS = SweepSettings.fromEnvironment(ENV);
    static final Settings API_SETTINGS = Settings.fromEnvironment(ENV);
    static final TrustMaterial TRUST = TrustMaterial.embedded().preparedForInit(ENV);
    // HEKATE_REGISTRY_URL with the sweep's timeouts, without the GitHub check (ClientWiring.Profile.SWEEP).
    // With HEKATE_STORE_TABLE, each package's window starts at its cursor in the verdict store.
    static final SweepEngine ENGINE = ClientWiring.sweepEngine(ClientWiring.Profile.SWEEP, API_SETTINGS.registryUrl(),
        new NpmVerifier(TRUST.trustedRoot(), TRUST.npmKeys()), API_SETTINGS.fetchTarball(), SETTINGS.concurrency(),
        API_SETTINGS.trustExceptions(), ClientWiring.verdictStore(ENV));
    static final MetricsPublisher PUBLISHER = DatadogWiring.forSweep(ENV, System.out);
    // HEKATE_PEERS: the verifiers asked about each decided version (docs/vsa.md).
    static final Optional<VerifierNetwork> NETWORK = ClientWiring.verifierNetwork(ENV, Clock.systemUTC());
  }

  private final SweepEngine engine;
  private final MetricsFlush metrics;
  private final JsonLog log;
  private final Clock clock;
  private final Optional<VerifierNetwork> network;

  /** For the Lambda runtime: the wiring from the environment. */
  public WorkerHandler() {
    this(Default.ENGINE, Default.PUBLISHER, JsonLog.stdout(), Clock.systemUTC(), Default.NETWORK);
  }

  /** For tests: an engine over a loopback registry, a publisher to a stub. */
  public WorkerHandler(SweepEngine engine, MetricsPublisher publisher, JsonLog log, Clock clock) {
    this(engine, publisher, log, clock, Optional.empty());
  }

  /** As above, asking {@code network} about each decided version (its metrics and events go to the same sink). */
  public WorkerHandler(SweepEngine engine, MetricsPublisher publisher, JsonLog log, Clock clock,
      Optional<VerifierNetwork> network) {
    this.network = Objects.requireNonNull(network, "network");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = new MetricsFlush(publisher, log);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return metrics.around(sink -> {
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
      for (SQSEvent.SQSMessage record : records) {
        String id = Objects.requireNonNullElse(record.getMessageId(), "");
        if (!handle(id, record.getBody(), sink)) {
          failures.add(new SQSBatchResponse.BatchItemFailure(id));
        }
      }
      return new SQSBatchResponse(failures);
    });
  }

  /** Sweeps one message; whether it is done (false: report it as a batch item failure). */
  private boolean handle(String id, String body, MetricsSink sink) {
    SweepMessage message;
    try {
      message = SweepMessage.parse(body);
    } catch (SweepMessage.MalformedMessageException e) {
      log.event("ERROR", "sweep.message_malformed", "message " + id + ": " + e.getMessage());
      return false;
    }
    try {
      Outcome outcome = new Outcome(id, new SweepMetrics(sink, clock), log);
      SweepListener listener = network.<SweepListener>map(n -> SweepListener.all(outcome, new SweepNetwork(n, sink, clock)))
          .orElse(outcome);
      engine.run(new Watchlist(message.packages(), "sqs message " + id, message.trustExceptions()), message.window(),
          listener);
      // From the planner's scheduled run (the window's end) to this message's completion: the
      // maximum over a run is how long the whole sweep took.
      VerdictMetrics.sweepDuration(sink, Duration.between(message.window().until(), clock.instant()));
      log.event(outcome.retryable.isEmpty() ? "INFO" : "WARN", "sweep.message_done", "message " + id + ": "
          + message.packages().size() + " package(s), " + outcome.alarming + " alarming"
          + (outcome.retryable.isEmpty() ? "" : ", retry for " + outcome.retryable));
      return outcome.retryable.isEmpty();
    } catch (RuntimeException e) {
      // The engine does not throw; if it ever does, this message comes back and the rest go on.
      log.event("ERROR", "sweep.message_failed", "message " + id + ": " + e);
      return false;
    }
  }

  /**
   * Records each package's metrics, remembers which ones could not be checked, logs the stack
   * trace of any check that failed inside Hekate ({@code sweep.internal_error}) and each version
   * flood ({@code sweep.version_flood}).
   */
  private static final class Outcome implements SweepListener {
    private final String messageId;
    private final SweepMetrics metrics;
    private final JsonLog log;
    private final List<String> retryable = new ArrayList<>();
    private int alarming;

    Outcome(String messageId, SweepMetrics metrics, JsonLog log) {
      this.messageId = messageId;
      this.metrics = metrics;
      this.log = log;
    }

    @Override
    public void packageSwept(PackageResult result) {
      metrics.packageSwept(result);
      for (Verdict verdict : result.verdicts()) {
        // The log line names the fault (JsonLog bounds its text); the whole trace goes to stderr,
        // as the API handler's does, where the Lambda log keeps it uncut.
        verdict.internalCause().ifPresent(Throwable::printStackTrace);
        verdict.internalError().ifPresent(check -> log.event("ERROR", "sweep.internal_error",
            verdict.packageName() + "@" + verdict.version() + " " + check.result().id().wireName() + ": "
                + verdict.internalCause().map(Throwable::toString).orElse(check.result().detail())));
      }
      result.flood().ifPresent(flood -> log.event("WARN", "sweep.version_flood", floodDetail(result.name(), flood)));
      if (result.retryable()) {
        retryable.add(result.name());
      }
      if (result.alarming()) {
        alarming++;
      }
    }

    private String floodDetail(String name, VersionFlood flood) {
      return "message " + messageId + ": " + name + " published " + flood.published()
          + " versions in the window (flood threshold " + flood.threshold() + "); "
          + (flood.deferred() == 0 ? "all verified" : flood.deferred() + " deferred beyond the ceiling, not verified");
    }
  }
}
