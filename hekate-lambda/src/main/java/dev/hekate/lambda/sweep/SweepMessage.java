package dev.hekate.lambda.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
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
 * <p>The planner writes it, the worker reads it. A body is untrusted input (anything with
 * {@code sqs:SendMessage} can queue one): at most {@value Limits#MAX_SWEEP_MESSAGE_BYTES} bytes
 * and {@value Limits#MAX_SWEEP_MESSAGE_PACKAGES} names, every name a valid npm package name, the
 * window well-formed; anything else is a {@link MalformedMessageException}.
 *
 * @param packages valid names, each once, 1..{@value Limits#MAX_SWEEP_MESSAGE_PACKAGES}
 */
public record SweepMessage(List<String> packages, SweepWindow window) {
  public SweepMessage {
    packages = List.copyOf(packages);
    Objects.requireNonNull(window, "window");
    if (packages.isEmpty() || packages.size() > Limits.MAX_SWEEP_MESSAGE_PACKAGES) {
      throw new IllegalArgumentException(
          "a sweep message holds 1.." + Limits.MAX_SWEEP_MESSAGE_PACKAGES + " packages");
    }
  }

  /** {@code names} cut into messages of at most {@code perMessage} names, in order. */
  public static List<SweepMessage> split(List<String> names, int perMessage, SweepWindow window) {
    if (perMessage < 1 || perMessage > Limits.MAX_SWEEP_MESSAGE_PACKAGES) {
      throw new IllegalArgumentException("packages per message must be 1.." + Limits.MAX_SWEEP_MESSAGE_PACKAGES);
    }
    List<SweepMessage> out = new ArrayList<>((names.size() + perMessage - 1) / perMessage);
    for (int i = 0; i < names.size(); i += perMessage) {
      out.add(new SweepMessage(names.subList(i, Math.min(names.size(), i + perMessage)), window));
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
      return new SweepMessage(checked.names(), new SweepWindow(since, until));
    } catch (JsonFormatException | WatchlistException e) {
      throw new MalformedMessageException(e.getMessage());
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException("since or until is not an ISO-8601 instant");
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
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
