package dev.hekate.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.concurrent.Deadline;
import dev.hekate.core.intoto.InTotoKey;
import dev.hekate.core.intoto.LayoutVerification;
import dev.hekate.core.intoto.LayoutVerificationJson;
import dev.hekate.core.intoto.LayoutVerifier;
import dev.hekate.core.json.Json;
import dev.hekate.core.metrics.MetricsPublisher;
import dev.hekate.core.metrics.VerdictMetrics;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.slsa.ArtifactVerification;
import dev.hekate.core.slsa.ArtifactVerificationJson;
import dev.hekate.core.slsa.ArtifactVerifier;
import dev.hekate.core.service.PackageNotFoundException;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistoryJson;
import dev.hekate.core.store.StoreException;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.core.vsa.ArtifactSummary;
import dev.hekate.core.vsa.Dsse;
import dev.hekate.core.vsa.InTotoLayoutSummary;
import dev.hekate.core.vsa.SigningException;
import dev.hekate.core.vsa.SlsaArtifactSummary;
import dev.hekate.core.vsa.VsaIssuer;
import dev.hekate.lambda.http.AcceptHeader;
import dev.hekate.lambda.http.ApiError;
import dev.hekate.lambda.http.HistoryPage;
import dev.hekate.lambda.http.InTotoRequestParser;
import dev.hekate.lambda.http.ApiStatus;
import dev.hekate.lambda.http.RequestParser;
import dev.hekate.lambda.http.SlsaRequestParser;
import dev.hekate.lambda.http.Responses;
import dev.hekate.lambda.http.Route;
import dev.hekate.lambda.log.JsonLog.Outcome;
import dev.hekate.lambda.log.JsonLog.RequestRecord;
import dev.hekate.lambda.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP API on API Gateway (HTTP API, payload format 2.0), and behind {@code hekate serve}:
 *
 * <ul>
 *   <li>{@code GET /v1/npm/{package}@{version}} and {@code GET /v1/npm/{package}} (the latest):
 *       the verdict JSON (docs/verdict.schema.json); an ERROR verdict when the registry could not
 *       be read or the trust material is unavailable; {@code package_not_found} when the registry
 *       has no such package or version;
 *   <li>{@code GET /v1/npm/{package}/history} and {@code GET /ui/npm/{package}} (also
 *       {@code GET /v1/npm/{package}} when {@code Accept} prefers HTML and the deployment keeps a
 *       history): what the deployment's {@link VerdictService#store() store} remembers of the
 *       package, as JSON ({@link PackageHistoryJson}) or a page ({@link HistoryPage});
 *   <li>{@code GET /v1/health}: the configuration, without asking the registry anything;
 *   <li>{@code POST /v1/slsa/verify}: SLSA provenance verified against artifact digests, offline,
 *       as {@code hekate verify-artifact} does, a decision signed when the deployment signs;
 *   <li>{@code POST /v1/in-toto/verify}: an in-toto layout verified with its links and keys, as
 *       {@code hekate verify-layout} does without running inspections;
 *   <li>every other request is refused by {@link RequestParser} with a JSON error before anything
 *       is fetched.
 * </ul>
 * Each answer's HTTP status is chosen by {@link ApiStatus}, nowhere else.
 *
 * <p>Thin on purpose: parse the request, ask {@link VerdictService}, map the answer
 * ({@link Responses}), write one log line ({@link JsonLog}), and record the verdict's metrics and
 * events ({@link VerdictMetrics#record}: {@code hekate.verification}, {@code
 * hekate.provenance.regression}, {@code hekate.registry.error}, an event per FAILED verdict or
 * regression), flushed to the {@link MetricsPublisher} before the response is returned
 * ({@link MetricsFlush}) — on Lambda nothing can be sent once the function has answered. Requests refused before any
 * verification, and 404s, record nothing. The wiring is built once per container, in static
 * initialisation for Lambda (so SnapStart snapshots it), or passed in. Thread-safe: the local
 * server calls one instance from many threads.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  /** The Lambda wiring, built when the runtime instantiates the handler during init; tests never load it. */
  private static final class Default {
    static final HekateRuntime RUNTIME = HekateRuntime.fromEnvironment();
    static final MetricsPublisher METRICS = DatadogWiring.forApi(System.getenv(), System.out);
    static final ApiLimits LIMITS = ApiLimits.fromEnvironment(System.getenv());
  }

  /**
   * Where verifications run while the request's thread waits for them, at most until the request's
   * deadline. Threads are made on first use (none in a SnapStart snapshot) and die when idle.
   */
  private static final ExecutorService WORK = Executors.newCachedThreadPool(
      Thread.ofPlatform().name("hekate-request-", 1).daemon().factory());

  /** What Lambda keeps for itself after the deadline: the answer must be written before the function's timeout. */
  private static final Duration LAMBDA_MARGIN = Duration.ofSeconds(1);
  /** How long past its deadline a verification may take to report why it ran out of time itself. */
  private static final Duration GRACE = Duration.ofMillis(300);

  /** Hekate's version as the jar's manifest gives it (health, verification summaries). */
  public static final String VERSION = Optional.ofNullable(ApiHandler.class.getPackage().getImplementationVersion())
      .orElse("dev");

  private final VerdictService service;
  private final JsonLog log;
  private final MetricsFlush metrics;
  private final Clock clock;
  private final Duration deadline;

  /**
   * For the Lambda runtime: the wiring from the environment ({@link Settings#fromEnvironment}),
   * metrics to Datadog when it is configured ({@link DatadogWiring#forApi}).
   */
  public ApiHandler() {
    this(Default.RUNTIME, JsonLog.stdout(), Default.METRICS, Clock.systemUTC(), Default.LIMITS.deadline());
  }

  /** For tests: the given wiring, logs to stdout, no metrics. */
  public ApiHandler(VerdictService service) {
    this(service, JsonLog.stdout());
  }

  /** For tests: the given wiring and log, no metrics. */
  public ApiHandler(VerdictService service, JsonLog log) {
    this(service, log, MetricsFlush.OFF, Clock.systemUTC());
  }

  /** For tests: the given wiring, log and metrics publisher, and the default deadline. */
  public ApiHandler(VerdictService service, JsonLog log, MetricsPublisher metrics, Clock clock) {
    this(service, log, metrics, clock, ApiLimits.defaults().deadline());
  }

  /**
   * For {@code hekate serve} and tests: the given wiring, log and metrics publisher.
   *
   * @param deadline how long a request may take ({@link ApiLimits#deadline()})
   */
  public ApiHandler(VerdictService service, JsonLog log, MetricsPublisher metrics, Clock clock, Duration deadline) {
    this.deadline = new ApiLimits(deadline, 0).deadline();
    this.service = Objects.requireNonNull(service, "service");
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = new MetricsFlush(metrics, this.log);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    long start = System.nanoTime();
    Request request = Request.of(event, context);
    Deadline requestDeadline = Deadline.in(budget(context));
    Answer answer;
    try {
      answer = answer(request, requestDeadline);
    } catch (RuntimeException e) {
      // A bug, not an outcome: answered as JSON, logged with its cause, never passed off as a verdict.
      e.printStackTrace();
      answer = Answer.error(ApiError.INTERNAL, "the request failed unexpectedly; the log has request id " + request.id(),
          request.id(), Map.of(), Optional.empty(), Optional.empty()).withDetail(e.toString());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    log.request(new RequestRecord(request.id(), request.method(), request.rawPath(), request.rawQuery().length(),
        answer.response().getStatusCode(), answer.outcome(), millis));
    if (!answer.outcome().reused()) {
      answer.verdict().ifPresent(this::report);
    }
    return answer.response();
  }

  /** The configured deadline, cut short on Lambda when the function has less time left than that. */
  private Duration budget(Context context) {
    if (context == null || context.getRemainingTimeInMillis() <= 0) {
      return deadline;
    }
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(LAMBDA_MARGIN);
    return left.compareTo(deadline) < 0 && left.compareTo(Duration.ofMillis(1)) > 0 ? left : deadline;
  }

  /** The verdict's metrics and events, sent now; whatever Datadog does not take goes to the log. */
  private void report(Verdict verdict) {
    // Reporting must never cost the caller the answer it already has: record() never throws.
    metrics.record(sink -> VerdictMetrics.record(sink, verdict, clock.instant()));
  }

  private Answer answer(Request request, Deadline deadline) {
    return switch (RequestParser.parse(request.method(), request.rawPath(), request.rawQuery())) {
      case Route.Rejected rejected -> rejected(rejected, request);
      case Route.SlsaPost post -> slsa(SlsaRequestParser.parse(request.contentType(), request.body(), request.base64()),
          request);
      case Route.SlsaVerify slsaVerify -> slsa(slsaVerify, request);
      case Route.InTotoPost post -> inToto(InTotoRequestParser.parse(request.contentType(), request.body(),
          request.base64()), request, deadline);
      case Route.InTotoVerify inTotoVerify -> inToto(inTotoVerify, request, deadline);
      case Route.Health health -> health();
      case Route.Verifier verifier -> verifier(request.id());
      case Route.Summary summary -> summary(summary.spec(), summary.bundle(), request.id(), deadline);
      case Route.History history -> history(history.name(), history.format(), false, request.id());
      // A browser asking for a package: its history page, when there is history to show.
      case Route.Verify verify when verify.spec().version().isEmpty() && service.store().isPresent()
          && AcceptHeader.prefersHtml(request.accept()) ->
          history(verify.spec().name(), Route.Format.HTML, true, request.id());
      case Route.Verify verify -> verify(verify.spec(), request.id(), deadline);
    };
  }

  private static Answer rejected(Route.Rejected rejected, Request request) {
    // The routes that take POST say so in Allow; every other takes GET.
    String allow = request.rawPath().equals(RequestParser.SLSA_VERIFY)
        || request.rawPath().equals(RequestParser.INTOTO_VERIFY) ? "POST" : "GET";
    return new Answer(Responses.error(rejected.error(), rejected.message(), request.id(), Map.of(), allow),
        new Outcome(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(rejected.error().code()), Optional.of(rejected.message())), Optional.empty());
  }

  /**
   * {@code POST /v1/slsa/verify}: the body read by {@link SlsaRequestParser}, then the provenance
   * verified as {@code hekate verify-artifact} verifies it ({@link ArtifactVerifier}, offline, the
   * deployment's trusted root), answered with {@link ArtifactVerificationJson}'s JSON. 200 for an
   * answer, verified or not, signed when the deployment signs ({@link #decided}); a check that
   * failed inside Hekate is a 500 {@code internal_error}, never a result; trust material that could
   * not be loaded is 503 {@code trust_unavailable}.
   */
  private Answer slsa(Route route, Request request) {
    if (route instanceof Route.Rejected rejected) {
      return rejected(rejected, request);
    }
    if (!(route instanceof Route.SlsaVerify verify)) {
      throw new IllegalStateException("the SLSA request parser answered " + route.getClass().getSimpleName());
    }
    ArtifactVerifier verifier;
    try {
      verifier = service.artifactVerifier();
    } catch (TrustUnavailableException e) {
      return Answer.error(ApiError.TRUST_UNAVAILABLE, "the trust material is unavailable; try again later",
          request.id(), Map.of(), Optional.empty(), Optional.empty()).withDetail(e.getMessage());
    }
    ArtifactVerification result = verifier.verify(verify.provenance(), verify.expected());
    return decided(result.isVerified(), result.firstProblem(), ArtifactVerificationJson.toJson(result),
        () -> SlsaArtifactSummary.of(result, verify.subjects(), verify.resourceUri(), verify.provenance()), request);
  }

  /** A check that could not complete inside Hekate: a 500, its cause to the log, never a result. */
  private static Answer internalError(CheckResult check, Request request) {
    check.cause().ifPresent(Throwable::printStackTrace);
    return Answer.error(ApiError.INTERNAL, "the verification failed unexpectedly; the log has request id "
        + request.id(), request.id(), Map.of(), Optional.empty(), Optional.empty())
        .withDetail(check.id().wireName() + ": " + check.detail());
  }

  /**
   * The answer of an artifact verification ({@code verified}, its first problem, its JSON
   * {@code body}): a check that failed inside Hekate is a 500 {@code internal_error}, never a
   * result; otherwise 200 with {@code body}, and a {@code vsa} member — the deployment's signed
   * summary of the decision — when the deployment signs and {@code summary} gives one. A signer that
   * fails is {@code signing_unavailable} (503, {@code Retry-After}): a decision the deployment would
   * sign is never answered unsigned.
   */
  private Answer decided(boolean verified, Optional<CheckResult> problem, ObjectNode body,
      Supplier<Optional<ArtifactSummary>> summary, Request request) {
    Optional<CheckResult> bug = problem.filter(c -> c.outcome() == dev.hekate.core.result.Outcome.ERROR);
    if (!verified && bug.isPresent()) {
      return internalError(bug.get(), request);
    }
    Outcome outcome = new Outcome(Optional.empty(), Optional.empty(), Optional.of(verified ? "VERIFIED" : "NOT_VERIFIED"),
        problem.map(c -> c.id().wireName()), Optional.empty(), Optional.empty());
    Optional<VsaIssuer> issuer = service.summaries();
    Optional<ArtifactSummary> signed = issuer.isPresent() ? summary.get() : Optional.empty();
    if (signed.isPresent()) {
      try {
        body.set("vsa", issuer.get().envelope(signed.get(), clock.instant()));
      } catch (SigningException e) {
        // The signer's message (key, service) is for the log; the client learns only that it may retry.
        return Answer.error(ApiError.SIGNING_UNAVAILABLE, "the result could not be signed; try again later",
            request.id(), Map.of(), Optional.empty(), Optional.empty()).withDetail(e.getMessage());
      }
    }
    return new Answer(Responses.verification(body), outcome, Optional.empty());
  }

  /**
   * {@code POST /v1/in-toto/verify}: the body read by {@link InTotoRequestParser}, then the layout
   * verified as {@code hekate verify-layout} verifies it ({@link LayoutVerifier}, the same code),
   * answered with {@link LayoutVerificationJson}'s JSON. Never runs a command: the verifier gets no
   * {@link dev.hekate.core.intoto.InspectionRunner}, so a layout with inspections is not verified
   * ({@code intoto.inspection}), as on the command line without {@code --run-inspections}. The
   * artifacts named in the body must be products of the verified chain ({@code intoto.product});
   * with a {@code resourceUri} too and no {@code verificationTime} (a summary says "verified now"),
   * a deployment that signs signs a verified answer about them, naming the layout as its policy
   * ({@link InTotoLayoutSummary}). Nothing is fetched. 200 for an answer, verified or not; a check that failed
   * inside Hekate is a 500 {@code internal_error}, never a result. The verification runs under the
   * request's deadline, as a verdict does: artifact rules cost rules times artifacts, and a body
   * within the limits can ask for seconds of work. Past the deadline it is cancelled (the rules
   * stop when interrupted) and the answer is {@code deadline_exceeded} (504, {@code Retry-After}).
   */
  private Answer inToto(Route route, Request request, Deadline deadline) {
    if (route instanceof Route.Rejected rejected) {
      return rejected(rejected, request);
    }
    if (!(route instanceof Route.InTotoVerify verify)) {
      throw new IllegalStateException("the in-toto request parser answered " + route.getClass().getSimpleName());
    }
    Instant time = verify.time().orElseGet(clock::instant);
    Future<LayoutVerification> work = WORK.submit(() -> deadline.run(() -> verifyLayout(verify, time)));
    LayoutVerification result;
    try {
      result = work.get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      work.cancel(true);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Answer.error(ApiError.DEADLINE_EXCEEDED, "no answer within the request's deadline of "
          + deadline.budget().toMillis() + " ms; nothing was decided", request.id(), Map.of(), Optional.empty(),
          Optional.empty());
    } catch (ExecutionException e) {
      // A bug, not an outcome: handleRequest answers it as internal_error.
      if (e.getCause() instanceof Error fatal) {
        throw fatal;
      }
      throw e.getCause() instanceof RuntimeException bug ? bug
          : new IllegalStateException("the verification failed unexpectedly", e.getCause());
    }
    return decided(result.isVerified(), result.firstProblem(), LayoutVerificationJson.toJson(result),
        () -> verify.time().isPresent() ? Optional.empty()
            : verify.resourceUri().flatMap(resource -> InTotoLayoutSummary.of(result, verify.artifacts(), resource,
                verify.layout(), verify.keys().stream().map(InTotoKey::keyId).toList(), verify.links().sha256s())),
        request);
  }

  /** The layout verified with no inspection runner: the service never runs a command the layout names. */
  private static LayoutVerification verifyLayout(Route.InTotoVerify verify, Instant time) {
    if (verify.unsupported().isPresent()) {
      return LayoutVerification.unsupported(verify.unsupported().get());
    }
    return new LayoutVerifier(verify.keys(), verify.links(), Optional.empty()).verify(verify.layout(), time,
        verify.artifacts());
  }

  /**
   * The package's history from the deployment's store: {@code history_unavailable} without one,
   * {@code no_history} when it holds no version of the package, {@code store_unavailable} (503,
   * {@code Retry-After}) when it cannot be read. The registry is the configured one: a store keys
   * every record by registry.
   *
   * @param vary whether the answer was chosen by {@code Accept}
   */
  private Answer history(String name, Route.Format format, boolean vary, String requestId) {
    Optional<VerdictStore> store = service.store();
    if (store.isEmpty()) {
      return historyError(ApiError.HISTORY_UNAVAILABLE, "this deployment keeps no history", name, format, vary,
          requestId, Optional.empty());
    }
    PackageHistory history;
    try {
      history = PackageHistory.load(store.get(), new PackageKey(service.health().registry(), name),
          PackageHistory.DEFAULT_LIMIT);
    } catch (StoreException e) {
      // "We could not look": the store's message (file or table, operation) goes to the log, not to the client.
      return historyError(ApiError.STORE_UNAVAILABLE, "the verdict store could not be read; try again later",
          name, format, vary, requestId, Optional.of(e.getMessage()));
    }
    if (history.versions().isEmpty()) {
      return historyError(ApiError.NO_HISTORY, "no version of this package has been checked by this deployment",
          name, format, vary, requestId, Optional.empty());
    }
    Outcome outcome = new Outcome(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    return new Answer(format == Route.Format.HTML
        ? Responses.html(new ApiStatus(200, false), HistoryPage.render(history), vary)
        : Responses.history(PackageHistoryJson.toJsonLine(history)), outcome, Optional.empty());
  }

  private static Answer historyError(ApiError error, String message, String name, Route.Format format, boolean vary,
      String requestId, Optional<String> detail) {
    Answer json = Answer.error(error, message, requestId, Map.of("package", name), Optional.of(name), Optional.empty());
    Answer answer = format == Route.Format.HTML
        ? new Answer(Responses.html(ApiStatus.of(error), HistoryPage.error(error, message), vary), json.outcome(),
            Optional.empty())
        : json;
    return detail.map(answer::withDetail).orElse(answer);
  }

  /**
   * The verification, on a worker thread under {@code deadline} (so every registry and GitHub
   * request it makes is cut to the time left), waited for until the deadline and a short grace for
   * it to say itself which request ran out of time. Past that, the work is cancelled and the answer
   * is ERROR with {@code Retry-After} ({@link ApiStatus#deadline()}).
   */
  private Answer verify(PackageSpec spec, String requestId, Deadline deadline) {
    return reach(spec, requestId, deadline, reached -> verified(spec, service.store().isPresent(), reached));
  }

  /**
   * The signed summary of the verdict {@code spec} names ({@link VsaIssuer}): reached as for
   * {@code GET /v1/npm/{spec}} (same deadline, cache and errors); an ERROR verdict is answered as
   * that endpoint answers it, never signed.
   */
  private Answer summary(PackageSpec spec, boolean bundle, String requestId, Deadline deadline) {
    Optional<VsaIssuer> issuer = service.summaries();
    if (issuer.isEmpty()) {
      return Answer.error(ApiError.VSA_UNAVAILABLE, "this deployment does not sign its verdicts", requestId,
          Map.of(), Optional.of(spec.name()), spec.version());
    }
    return reach(spec, requestId, deadline, reached -> signed(spec, bundle, requestId, issuer.get(), reached));
  }

  private Answer signed(PackageSpec spec, boolean bundle, String requestId, VsaIssuer issuer,
      VerdictService.Reached reached) {
    Verdict verdict = reached.verdict();
    if (verdict.status() == Status.ERROR || reached.basis().isEmpty()) {
      return verified(spec, service.store().isPresent(), reached);
    }
    VerdictService.Basis basis = reached.basis().get();
    ObjectNode envelope;
    try {
      envelope = issuer.envelope(verdict, basis.answer(), basis.reachedAt());
    } catch (IllegalArgumentException e) {
      return Answer.error(ApiError.NO_SUBJECT, "no summary: " + e.getMessage(), requestId,
          Map.of("package", verdict.packageName(), "version", verdict.version()), Optional.of(spec.name()),
          Optional.of(verdict.version()));
    } catch (SigningException e) {
      // The signer's message (key, service) is for the log; the client learns only that it may retry.
      return Answer.error(ApiError.SIGNING_UNAVAILABLE, "the verdict could not be signed; try again later", requestId,
          Map.of(), Optional.of(spec.name()), Optional.of(verdict.version())).withDetail(e.getMessage());
    }
    String body = Json.write(bundle ? Dsse.bundle(envelope, issuer.signer().keyId()) : envelope);
    Answer verdictAnswer = verified(spec, false, reached);
    return new Answer(Responses.summary(verdict, spec.version().isPresent(), body), verdictAnswer.outcome(),
        verdictAnswer.verdict());
  }

  private Answer verifier(String requestId) {
    Optional<VsaIssuer> issuer = service.summaries();
    if (issuer.isEmpty()) {
      return Answer.error(ApiError.VSA_UNAVAILABLE, "this deployment does not sign its verdicts", requestId,
          Map.of(), Optional.empty(), Optional.empty());
    }
    ObjectNode document;
    try {
      document = issuer.get().document();
    } catch (IllegalStateException e) {
      // A key service that cannot give the public key (KMS unreachable, or no GetPublicKey and no
      // configured key): nothing to publish now; the signer's message is for the log.
      return Answer.error(ApiError.SIGNING_UNAVAILABLE, "the signing key is unavailable; try again later", requestId,
          Map.of(), Optional.empty(), Optional.empty()).withDetail(e.getMessage());
    }
    return new Answer(Responses.verifier(Json.write(document)), Outcome.NONE, Optional.empty());
  }

  private Answer reach(PackageSpec spec, String requestId, Deadline deadline,
      Function<VerdictService.Reached, Answer> answer) {
    Future<VerdictService.Reached> work = WORK.submit(() -> deadline.run(() -> service.verify(spec)));
    try {
      return answer.apply(work.get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      work.cancel(true);
      return outOfTime(spec, deadline);
    } catch (InterruptedException e) {
      work.cancel(true);
      Thread.currentThread().interrupt();
      return outOfTime(spec, deadline);
    } catch (ExecutionException e) {
      return switch (e.getCause()) {
        case PackageNotFoundException notFound -> notFound(spec, requestId, notFound);
        case TrustUnavailableException trust -> trustUnavailable(spec, trust);
        case RuntimeException bug -> throw bug;
        case Error fatal -> throw fatal;
        default -> throw new IllegalStateException("the verification failed unexpectedly", e.getCause());
      };
    }
  }

  private Answer outOfTime(PackageSpec spec, Deadline deadline) {
    String message = "no verdict within the request's deadline of " + deadline.budget().toMillis()
        + " ms (a registry or GitHub slow to answer); nothing was decided, try again later";
    Verdict verdict = Verdict.error(spec.name(), spec.version().orElse(""), message);
    return new Answer(Responses.deadline(verdict), new Outcome(Optional.of(spec.name()), spec.version(),
        Optional.of(Status.ERROR.name()), Optional.empty(), Optional.empty(), Optional.of(message)),
        Optional.of(verdict));
  }

  private static Answer notFound(PackageSpec spec, String requestId, PackageNotFoundException e) {
    return Answer.error(ApiError.PACKAGE_NOT_FOUND, e.getMessage(), requestId,
        Map.of("package", spec.name(), "version", spec.version().orElse("latest")), Optional.of(spec.name()),
        spec.version());
  }

  private static Answer trustUnavailable(PackageSpec spec, TrustUnavailableException e) {
    Verdict verdict = Verdict.error(spec.name(), spec.version().orElse(""), e.getMessage());
    return new Answer(Responses.trustUnavailable(verdict), new Outcome(Optional.of(spec.name()), spec.version(),
        Optional.of(Status.ERROR.name()), Optional.empty(), Optional.empty(), Optional.of(e.getMessage())),
        Optional.of(verdict));
  }

  private static Answer verified(PackageSpec spec, boolean history, VerdictService.Reached reached) {
    Verdict verdict = reached.verdict();
    // A check that failed inside Hekate keeps its stack trace for the log, never for the answer.
    Optional<Throwable> bug = verdict.internalCause();
    if (reached.reachedHere()) {
      bug.ifPresent(Throwable::printStackTrace);
    }
    Optional<String> error = verdict.status() == Status.ERROR ? verdict.error() : Optional.empty();
    return new Answer(Responses.verdict(verdict, spec.version().isPresent(), history), new Outcome(Optional.of(spec.name()),
        Optional.of(verdict.version()), Optional.of(verdict.status().name()),
        verdict.firstFailure().map(c -> c.result().id().wireName()), Optional.empty(),
        bug.map(Throwable::toString).or(() -> error), !reached.reachedHere()), Optional.of(verdict));
  }

  private Answer health() {
    VerdictService.Health health = service.health();
    ObjectNode body = Json.newObject();
    body.put("status", health.ready() ? "ok" : "unavailable");
    body.put("service", "hekate");
    body.put("version", VERSION);
    body.put("registry", health.registry());
    body.put("githubCheck", health.githubCheck());
    body.put("fetchTarball", health.fetchTarball());
    health.problem().ifPresent(p -> body.put("problem", p));
    Outcome outcome = health.problem().map(Outcome.NONE::withDetail).orElse(Outcome.NONE);
    return new Answer(Responses.health(body, health.ready()), outcome, Optional.empty());
  }

  /** The parts of the event the API reads, null-safe (a test or a proxy may leave any of them out). */
  record Request(String method, String rawPath, String rawQuery, String id, String accept, String contentType,
      String body, boolean base64) {
    static Request of(APIGatewayV2HTTPEvent event, Context context) {
      String method = "";
      String id = "";
      if (event != null && event.getRequestContext() != null) {
        id = Objects.requireNonNullElse(event.getRequestContext().getRequestId(), "");
        if (event.getRequestContext().getHttp() != null) {
          method = Objects.requireNonNullElse(event.getRequestContext().getHttp().getMethod(), "");
        }
      }
      if (id.isEmpty() && context != null && context.getAwsRequestId() != null) {
        id = context.getAwsRequestId();
      }
      if (id.isEmpty()) {
        id = UUID.randomUUID().toString();
      }
      String rawPath = event == null ? "" : Objects.requireNonNullElse(event.getRawPath(), "");
      String rawQuery = event == null ? "" : Objects.requireNonNullElse(event.getRawQueryString(), "");
      String body = event == null ? "" : Objects.requireNonNullElse(event.getBody(), "");
      boolean base64 = event != null && event.getIsBase64Encoded();
      return new Request(method, rawPath, rawQuery, id, header(event, "accept"), header(event, "content-type"), body,
          base64);
    }

    /** A header's value; API Gateway (payload 2.0) and the local server give lower-case names, a test may not. */
    private static String header(APIGatewayV2HTTPEvent event, String name) {
      if (event == null || event.getHeaders() == null) {
        return "";
      }
      for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
        if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
          return header.getValue();
        }
      }
      return "";
    }
  }

  /** A response, what the log line says about it, and the verdict whose metrics are recorded. */
  private record Answer(APIGatewayV2HTTPResponse response, Outcome outcome, Optional<Verdict> verdict) {

    static Answer error(ApiError error, String message, String requestId, Map<String, String> fields,
        Optional<String> packageName, Optional<String> version) {
      return new Answer(Responses.error(error, message, requestId, fields), new Outcome(packageName, version,
          Optional.empty(), Optional.empty(), Optional.of(error.code()), Optional.of(message)), Optional.empty());
    }

    Answer withDetail(String detail) {
      return new Answer(response, outcome.withDetail(detail), verdict);
    }
  }
}
