package dev.hekate.core.metrics;

import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.vsa.NetworkAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Hekate's metrics, built from verdicts: one place that says which point carries which tags
 * (documented in docs/metrics.md). Used by the sweep and by the HTTP API alike.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #VERIFICATION}</td><td>count</td><td>{@code status}, {@code ecosystem:npm},
 *       {@code package}, {@code check} (first failing check, FAILED only), {@code builder} (when known)</td></tr>
 *   <tr><td>{@value #REGRESSION}</td><td>count</td><td>{@code package}, {@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #SWEEP_PACKAGES}</td><td>gauge</td><td>{@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #SWEEP_DURATION}</td><td>gauge (seconds)</td><td>{@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #REGISTRY_ERROR}</td><td>count</td><td>{@code endpoint}, {@code http_status}</td></tr>
 *   <tr><td>{@value #VERSION_FLOOD}</td><td>count</td><td>{@code package}, {@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #VERSIONS_DEFERRED}</td><td>count</td><td>{@code package}, {@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #ANSWER_CHANGED}</td><td>count</td><td>{@code package}, {@code part}, {@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #NETWORK_AGREEMENT}</td><td>count</td><td>{@code package}, {@code status} (the network's,
 *       lower case), {@code ecosystem:npm}</td></tr>
 *   <tr><td>{@value #NETWORK_DISSENT}</td><td>count</td><td>{@code peer}, {@code reason}, {@code package},
 *       {@code ecosystem:npm}</td></tr>
 * </table>
 */
// A static-only class: a private constructor and its constants.
public final class VerdictMetrics {
  public static final String VERIFICATION = "hekate.verification";
  public static final String REGRESSION = "hekate.provenance.regression";
  public static final String SWEEP_PACKAGES = "hekate.sweep.packages";
  public static final String SWEEP_DURATION = "hekate.sweep.duration";
  public static final String REGISTRY_ERROR = "hekate.registry.error";
  public static final String VERSION_FLOOD = "hekate.sweep.version_flood";
  public static final String VERSIONS_DEFERRED = "hekate.sweep.versions_deferred";
  public static final String ANSWER_CHANGED = "hekate.registry.answer_changed";
  public static final String NETWORK_AGREEMENT = "hekate.network.agreement";
  public static final String NETWORK_DISSENT = "hekate.network.dissent";

  static final String ECOSYSTEM = "ecosystem:npm";
  /** {@code http_status} of a registry error that had no HTTP response (network error, timeout). */
  public static final String NO_HTTP_STATUS = "none";

  private VerdictMetrics() {}

  /**
   * Records one verdict: a {@value #VERIFICATION} point, a {@value #REGRESSION} point when
   * provenance regressed, a {@value #ANSWER_CHANGED} point per part of the registry's answer that
   * changed, and an event for a FAILED verdict, for a regression and for a changed answer.
   */
  public static void record(MetricsSink sink, Verdict verdict, Instant now) {
    Objects.requireNonNull(sink, "sink");
    sink.count(VERIFICATION, 1, verificationTags(verdict));
    verdict.registryFailure().ifPresent(f -> registryError(sink, f.endpoint(), f.httpStatus()));
    if (verdict.regression()) {
      sink.count(REGRESSION, 1, List.of(Tags.tag("package", verdict.packageName()), ECOSYSTEM));
      sink.event(VerdictEvents.regression(verdict, now));
    }
    if (verdict.status() == Status.FAILED) {
      sink.event(VerdictEvents.failed(verdict, now));
    }
    List<String> changedParts = verdict.findings().stream().map(VerdictRecorder::part).flatMap(Optional::stream)
        .map(RegistryAnswer.Part::wireName).toList();
    for (String part : changedParts) {
      sink.count(ANSWER_CHANGED, 1, List.of(Tags.tag("package", verdict.packageName()), Tags.tag("part", part),
          ECOSYSTEM));
    }
    if (!changedParts.isEmpty()) {
      sink.event(VerdictEvents.answerChanged(verdict, now));
    }
  }

  /** The tags of a verdict's {@value #VERIFICATION} point. */
  public static List<String> verificationTags(Verdict verdict) {
    List<String> tags = new ArrayList<>(5);
    tags.add(Tags.tag("status", verdict.status().name().toLowerCase(Locale.ROOT)));
    tags.add(ECOSYSTEM);
    tags.add(Tags.tag("package", verdict.packageName()));
    if (verdict.status() == Status.FAILED) {
      tags.add(Tags.tag("check", firstFailingCheck(verdict)));
    }
    if (!verdict.evidence().builderId().isEmpty()) {
      tags.add(Tags.tag("builder", verdict.evidence().builderId()));
    }
    return Tags.canonical(tags);
  }

  /** The id of the first failing check ({@code npm.integrity}), or {@code unknown}. */
  public static String firstFailingCheck(Verdict verdict) {
    return verdict.firstFailure().map(VerdictCheck::result).map(r -> r.id().wireName()).orElse("unknown");
  }

  /**
   * Records a registry request that failed.
   *
   * @param endpoint {@code packument}, {@code attestations}, {@code tarball} or {@code keys}
   * @param httpStatus the last HTTP status, or 0 when there was none
   */
  public static void registryError(MetricsSink sink, String endpoint, int httpStatus) {
    sink.count(REGISTRY_ERROR, 1, List.of(Tags.tag("endpoint", endpoint),
        Tags.tag("http_status", httpStatusText(httpStatus))));
  }

  /** A registry error's HTTP status as the {@code http_status} tag writes it: the number, or {@value #NO_HTTP_STATUS}. */
  public static String httpStatusText(int httpStatus) {
    return httpStatus > 0 ? Integer.toString(httpStatus) : NO_HTTP_STATUS;
  }

  /**
   * Records a package that published more versions in one sweep window than the flood threshold:
   * one {@value #VERSION_FLOOD} point, and a {@value #VERSIONS_DEFERRED} point with the versions
   * the sweep did not verify, when there are any.
   */
  public static void versionFlood(MetricsSink sink, String packageName, int deferred) {
    List<String> tags = List.of(Tags.tag("package", packageName), ECOSYSTEM);
    sink.count(VERSION_FLOOD, 1, tags);
    if (deferred > 0) {
      sink.count(VERSIONS_DEFERRED, deferred, tags);
    }
  }

  /** Records a finished sweep: how many packages it looked at and how long it took. */
  public static void sweep(MetricsSink sink, int packages, Duration duration) {
    sweepPackages(sink, packages);
    sweepDuration(sink, duration);
  }

  /** Records how many packages a sweep covers (on AWS, the planner: the watchlist it queued). */
  public static void sweepPackages(MetricsSink sink, int packages) {
    sink.gauge(SWEEP_PACKAGES, packages, List.of(ECOSYSTEM));
  }

  /**
   * Records how long a sweep took, in seconds. On AWS, where no one function sees a sweep end,
   * each worker message records the time from the run's scheduled start to its own completion:
   * the maximum over a run is the sweep's duration.
   */
  public static void sweepDuration(MetricsSink sink, Duration duration) {
    sink.gauge(SWEEP_DURATION, Math.max(0, duration.toMillis()) / 1000.0, List.of(ECOSYSTEM));
  }

  /**
   * Records what the network of verifiers answered about one version: a {@value #NETWORK_AGREEMENT}
   * point, a {@value #NETWORK_DISSENT} point per dissenting peer, and, when any peer dissents, one
   * event naming them ({@link VerdictEvents#networkDissent}).
   */
  public static void network(MetricsSink sink, String packageName, String version, NetworkAnswer answer,
      Instant now) {
    Objects.requireNonNull(sink, "sink");
    sink.count(NETWORK_AGREEMENT, 1, List.of(Tags.tag("package", packageName),
        Tags.tag("status", answer.status().name().toLowerCase(Locale.ROOT)), ECOSYSTEM));
    for (NetworkAnswer.Dissent d : answer.dissent()) {
      sink.count(NETWORK_DISSENT, 1, List.of(Tags.tag("peer", d.peer().toString()), Tags.tag("reason", d.reason()),
          Tags.tag("package", packageName), ECOSYSTEM));
    }
    if (!answer.dissent().isEmpty()) {
      sink.event(VerdictEvents.networkDissent(packageName, version, answer, now));
    }
  }
}
