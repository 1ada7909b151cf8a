package dev.hekate.core.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link MetricsPublisher} did with one batch.
 *
 * @param pointsSent points the platform accepted
 * @param pointsLogged points written to the structured log instead
 * @param eventsSent events the platform accepted
 * @param eventsLogged events written to the structured log instead
 * @param problem why something was logged rather than sent, when it was
 */
public record PublishReport(int pointsSent, int pointsLogged, int eventsSent, int eventsLogged,
    Optional<String> problem) {

  public PublishReport {
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether everything reached the platform. */
  public boolean complete() {
    return pointsLogged == 0 && eventsLogged == 0;
  }

  /** One line for a person. */
  public String describe() {
    String line = "metrics: " + pointsSent + " point(s) and " + eventsSent + " event(s) sent";
    if (!complete()) {
      line += "; " + pointsLogged + " point(s) and " + eventsLogged + " event(s) written to the log instead";
    }
    return line + problem.map(p -> " (" + p + ")").orElse("");
  }
}
