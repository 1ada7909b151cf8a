package dev.hekate.lambda.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.InvalidSpecException;
import dev.hekate.core.sweep.SweepWindow;
import dev.hekate.core.sweep.Watchlist;
import dev.hekate.core.sweep.WatchlistException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One unit of work on the sweep queue: a few package names and the window to sweep them in.
 *
 * <pre>{"packages":["left-pad","react"],"since":"2026-11-24T04:00:00Z","until":"2026-11-24T05:00:00Z"}</pre>
 *
 * <p>With the watchlist's trust exceptions for its packages, when there are any:
 * {@code "trustExclude":["react@19.0.0"]} (at most {@value Limits#MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS},
 * each {@code NAME} or {@code NAME@VERSION}; a malformed one makes the message malformed).
 *
 * <p>The planner writes it, the worker reads it. A body is untrusted input (anything with
 * {@code sqs:SendMessage} can queue one): at most {@value Limits#MAX_SWEEP_MESSAGE_BYTES} bytes
 * and {@value Limits#MAX_SWEEP_MESSAGE_PACKAGES} names, every name a valid npm package name, the
 * window well-formed; anything else is a {@link MalformedMessageException}.
 *
 * @param packages valid names, each once, 1..{@value Limits#MAX_SWEEP_MESSAGE_PACKAGES}
 * @param trustExceptions the watchlist's trust exceptions for these packages
 */
public record SweepMessage(List<String> packages, SweepWindow window, TrustExceptions trustExceptions) {
  public SweepMessage {
    packages = List.copyOf(packages);
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(trustExceptions, "trustExceptions");
    if (packages.isEmpty() || packages.size() > Limits.MAX_SWEEP_MESSAGE_PACKAGES) {
      throw new IllegalArgumentException(
          "a sweep message holds 1.." + Limits.MAX_SWEEP_MESSAGE_PACKAGES + " packages");
    }
    if (trustExceptions.entries().size() > Limits.MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS) {
      throw new IllegalArgumentException(
          "a sweep message holds at most " + Limits.MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS + " trust exceptions");
    }
  }

  /** A message without trust exceptions. */
  public SweepMessage(List<String> packages, SweepWindow window) {
    this(packages, window, TrustExceptions.NONE);
  }

  /** {@code names} cut into messages of at most {@code perMessage} names, in order. */
  public static List<SweepMessage> split(List<String> names, int perMessage, SweepWindow window) {
    return split(names, perMessage, window, TrustExceptions.NONE);
  }

  /**
   * As above, each message carrying the entries of {@code exceptions} that name its packages.
   *
   * Messages close early rather than carry more than
   * {@value Limits#MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS} exceptions.
   *
   * @throws IllegalArgumentException when a single package has more exceptions than one message holds
   */
  public static List<SweepMessage> split(List<String> names, int perMessage, SweepWindow window,
      TrustExceptions exceptions) {
    if (perMessage < 1 || perMessage > Limits.MAX_SWEEP_MESSAGE_PACKAGES) {
      throw new IllegalArgumentException("packages per message must be 1.." + Limits.MAX_SWEEP_MESSAGE_PACKAGES);
    }
    // A message closes at perMessage names, or earlier when the next name's exceptions would take
    // it over the per-message bound: a watchlist with many exceptions makes more messages, never
    // a failed run. Only a single package with more exceptions than one message holds is refused.
    List<SweepMessage> out = new ArrayList<>((names.size() + perMessage - 1) / perMessage);
    List<String> part = new ArrayList<>();
    int partExceptions = 0;
    for (String name : names) {
      int own = exceptions.forPackages(List.of(name)).entries().size();
      if (!part.isEmpty() && (part.size() == perMessage
          || partExceptions + own > Limits.MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS)) {
        out.add(new SweepMessage(part, window, exceptions.forPackages(part)));
        part = new ArrayList<>();
        partExceptions = 0;
      }
      part.add(name);
      partExceptions += own;
    }
    if (!part.isEmpty()) {
      out.add(new SweepMessage(part, window, exceptions.forPackages(part)));
    }
    return out;
  }

  /** The JSON body. */
  public String toJson() {
    ObjectNode body = Json.newObject();
    ArrayNode array = body.putArray("packages");
    packages.forEach(array::add);
    body.put("since", window.since().toString());
    body.put("until", window.until().toString());
    if (!trustExceptions.isEmpty()) {
      ArrayNode excluded = body.putArray("trustExclude");
      trustExceptions.texts().forEach(excluded::add);
    }
    return Json.write(body);
  }

  /**
   * Reads a body written by {@link #toJson}.
   *
   * @throws MalformedMessageException if it is not one (too large, not JSON, a bad name or time)
   */
  public static SweepMessage parse(String body) throws MalformedMessageException {
    if (body == null) {
      throw new MalformedMessageException("the message has no body");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > Limits.MAX_SWEEP_MESSAGE_BYTES) {
      throw new MalformedMessageException("the message is over " + Limits.MAX_SWEEP_MESSAGE_BYTES + " bytes");
    }
    try {
      JsonNode root = Json.parse(bytes, Limits.MAX_SWEEP_MESSAGE_BYTES, "sweep message");
      if (!root.isObject()) {
        throw new MalformedMessageException("the message is not a JSON object");
      }
      JsonNode array = Json.array(root, "packages", "sweep message");
      if (array.isEmpty() || array.size() > Limits.MAX_SWEEP_MESSAGE_PACKAGES) {
        throw new MalformedMessageException(
            "the message must name 1.." + Limits.MAX_SWEEP_MESSAGE_PACKAGES + " packages");
      }
      List<String> names = new ArrayList<>(array.size());
      for (JsonNode name : array) {
        if (!name.isTextual()) {
          throw new MalformedMessageException("a package name is not a string");
        }
        names.add(name.asText());
      }
      Watchlist checked = Watchlist.ofNames(names, "sweep message");
      Instant since = Instant.parse(Json.string(root, "since", "sweep message"));
      Instant until = Instant.parse(Json.string(root, "until", "sweep message"));
      if (checked.names().isEmpty()) {
        throw new MalformedMessageException("the message names no package");
      }
      return new SweepMessage(checked.names(), new SweepWindow(since, until), trustExceptions(root));
    } catch (JsonFormatException | WatchlistException e) {
      throw new MalformedMessageException(e.getMessage());
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException("since or until is not an ISO-8601 instant");
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
  }

  /** The optional {@code trustExclude} array, every entry valid. */
  private static TrustExceptions trustExceptions(JsonNode root) throws MalformedMessageException {
    if (!root.has("trustExclude")) {
      return TrustExceptions.NONE;
    }
    JsonNode array = root.get("trustExclude");
    if (!array.isArray() || array.size() > Limits.MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS) {
      throw new MalformedMessageException("trustExclude must be an array of at most "
          + Limits.MAX_SWEEP_MESSAGE_TRUST_EXCEPTIONS + " entries");
    }
    List<String> entries = new ArrayList<>(array.size());
    for (JsonNode entry : array) {
      if (!entry.isTextual()) {
        throw new MalformedMessageException("a trust exception is not a string");
      }
      entries.add(entry.asText());
    }
    try {
      return TrustExceptions.parse(entries);
    } catch (InvalidSpecException e) {
      throw new MalformedMessageException("trustExclude: " + e.getMessage());
    }
  }

  /** A queue message that is not a {@link SweepMessage}; retrying it cannot help. */
  public static final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
      super(message);
    }
  }
}
