package dev.hekate.lambda.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON object per line, to stdout on Lambda (CloudWatch Logs indexes the fields) and in
 * {@code hekate serve}. Thread-safe: each line is one {@code println}.
 *
 * <p>What is never written: request headers, query strings (only their length), tokens, secret
 * values or ARNs' contents beyond what the caller passes. Untrusted text (the path) is cut to
 * {@value #MAX_TEXT} characters; JSON escaping neutralises control characters.
 */
public final class JsonLog {
  static final int MAX_TEXT = 256;

  private final PrintStream out;
  private final Clock clock;

  public JsonLog(PrintStream out, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Lines to {@code System.out}, stamped with the system clock. */
  public static JsonLog stdout() {
    return new JsonLog(System.out, Clock.systemUTC());
  }

  /** The line for one request: {@code "msg":"request"}. */
  public void request(RequestRecord r) {
    ObjectNode line = start(r.httpStatus() >= 500 ? "ERROR" : "INFO", "request");
    line.put("requestId", r.requestId());
    line.put("method", cut(r.method()));
    line.put("path", cut(r.path()));
    if (r.queryLength() > 0) {
      line.put("queryLength", r.queryLength());
    }
    line.put("httpStatus", r.httpStatus());
    Outcome o = r.outcome();
    o.packageName().ifPresent(v -> line.put("package", v));
    o.version().ifPresent(v -> line.put("version", v));
    o.status().ifPresent(v -> line.put("status", v));
    o.failedCheck().ifPresent(v -> line.put("failedCheck", v));
    o.error().ifPresent(v -> line.put("error", v));
    o.detail().ifPresent(v -> line.put("detail", cut(v)));
    if (o.reused()) {
      line.put("reused", true);
    }
    line.put("durationMs", r.durationMillis());
    out.println(Json.write(line));
  }

  /** A line about the service itself (configuration, a secret that could not be read). */
  public void event(String level, String msg, String detail) {
    ObjectNode line = start(level, msg);
    line.put("detail", cut(detail));
    out.println(Json.write(line));
  }

  private ObjectNode start(String level, String msg) {
    ObjectNode line = Json.newObject();
    line.put("time", clock.instant().toString());
    line.put("level", level);
    line.put("msg", msg);
    return line;
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }

  /**
   * What one request did.
   *
   * @param path the raw path as received (cut when logged)
   * @param queryLength the query's length; the query itself is never logged
   */
  public record RequestRecord(
      String requestId,
      String method,
      String path,
      int queryLength,
      int httpStatus,
      Outcome outcome,
      long durationMillis) {

    public RequestRecord {
      // A record's components and their null checks: records list and validate what they hold.
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * What a request came to, as far as the log tells.
   *
   * @param status the verdict's status, when a verdict was reached
   * @param failedCheck the first failing check's id, for FAILED
   * @param error the API error code, for 4xx and 5xx answers
   * @param detail why, for errors: the verdict's error or the exception
   * @param reused whether the verdict came from the verdict cache or from another request's
   *     verification in progress, rather than this request's own
   */
  public record Outcome(
      Optional<String> packageName,
      Optional<String> version,
      Optional<String> status,
      Optional<String> failedCheck,
      Optional<String> error,
      Optional<String> detail,
      boolean reused) {

    /** An outcome this request reached itself. */
    public Outcome(Optional<String> packageName, Optional<String> version, Optional<String> status,
        Optional<String> failedCheck, Optional<String> error, Optional<String> detail) {
      this(packageName, version, status, failedCheck, error, detail, false);
    }

    /** Nothing to say: no package, no verdict, no error. */
    public static final Outcome NONE = new Outcome(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());

    public Outcome {
      // One null check per component: records validate what they hold.
      Objects.requireNonNull(packageName, "packageName");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(failedCheck, "failedCheck");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(detail, "detail");
    }

    /** The same outcome with {@code detail} instead. */
    public Outcome withDetail(String detail) {
      return new Outcome(packageName, version, status, failedCheck, error, Optional.of(detail), reused);
    }

    /** The same outcome, said to be reused or not. */
    public Outcome withReused(boolean reused) {
      return new Outcome(packageName, version, status, failedCheck, error, detail, reused);
    }
  }
}
