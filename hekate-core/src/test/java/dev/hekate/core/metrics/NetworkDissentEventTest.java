package dev.hekate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.vsa.NetworkAnswer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The network-dissent event: title, level and tags, every dissenter inside one code block the
 * builder opens and closes, and a peer's hostile message unable to leave it.
 */
class NetworkDissentEventTest {
  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
  private static final URI HONEST = URI.create("https://a.hekate.test/");
  private static final URI HOSTILE = URI.create("https://b.hekate.test/");

  private static final String HOSTILE_MESSAGE = "```\n%%%\n[click me](https://evil.test/) @oncall-team "
      + "\u001b[31mred\r\n\u202eesrever ``` # Heading";

  private static NetworkAnswer answer(List<NetworkAnswer.Dissent> dissent) {
    return new NetworkAnswer(NetworkAnswer.Status.ERROR, 2, "1 PASSED, 0 FAILED of 2 peers (threshold 2)",
        List.of(HONEST), dissent);
  }

  /** The lines between the first fence and the closing fence, asserting the fences are the builder's. */
  private static List<String> codeBlock(String text) {
    String[] lines = text.split("\n", -1);
    List<String> inside = new ArrayList<>();
    int opened = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals("```")) {
        if (opened < 0) {
          opened = i;
        } else {
          // The closing fence is the last non-empty line: nothing after it.
          for (int j = i + 1; j < lines.length; j++) {
            assertEquals("", lines[j], text);
          }
          return inside;
        }
      } else if (opened >= 0) {
        inside.add(lines[i]);
      }
    }
    throw new AssertionError("no closed code block in " + text);
  }

  @Test
  void aHostilePeerMessageStaysOneLineInsideTheCodeBlock() {
    AlertEvent event = VerdictEvents.networkDissent("left-pad", "1.3.0",
        answer(List.of(new NetworkAnswer.Dissent(HOSTILE, "bad_signature", HOSTILE_MESSAGE))), NOW);

    assertEquals("Hekate: verifiers disagree on left-pad@1.3.0", event.title());
    assertEquals(AlertEvent.Level.WARNING, event.level());
    assertTrue(event.tags().containsAll(List.of("source:hekate", "hekate_event:network_dissent", "package:left-pad",
        "version:1.3.0")), event.tags()::toString);

    List<String> inside = codeBlock(event.text());
    assertEquals(1, inside.size(), event.text());
    String line = inside.get(0);
    assertTrue(line.startsWith("https://b.hekate.test/  bad_signature: "), line);
    // Nothing that could close the fence, end Datadog's Markdown, mention anyone or act on a terminal.
    assertFalse(line.contains("`"), line);
    assertFalse(line.contains("%"), line);
    assertFalse(line.contains("@"), line);
    assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), line);
    // The message is still readable, made visible rather than dropped.
    assertTrue(line.contains("[click me](https://evil.test/)"), line);
    assertTrue(line.contains("\\x1b[31mred\\x0d\\x0a"), line);
    assertTrue(line.contains("\\u202e"), line);
    // The only fences in the whole text are the builder's two.
    assertEquals(2, event.text().split("```", -1).length - 1, event.text());
    assertFalse(event.text().contains("%%%"), event.text());
  }

  @Test
  void everyDissenterIsNamedWithItsReason() {
    AlertEvent event = VerdictEvents.networkDissent("@scope/pkg", "2.0.0", answer(List.of(
        new NetworkAnswer.Dissent(HOSTILE, "other_result", "FAILED"),
        new NetworkAnswer.Dissent(URI.create("https://c.hekate.test/"), "unreachable", "HTTP 503"))), NOW);
    assertEquals(List.of("https://b.hekate.test/  other_result: FAILED", "https://c.hekate.test/  unreachable: HTTP 503"),
        codeBlock(event.text()));
    assertTrue(event.text().contains("2 peers dissent"), event.text());
  }

  @Test
  void tooManyDissentersToShowAreCountedAndTheBlockIsStillClosed() {
    List<NetworkAnswer.Dissent> many = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      many.add(new NetworkAnswer.Dissent(URI.create("https://peer" + i + ".hekate.test/"), "malformed",
          "`".repeat(500)));
    }
    AlertEvent event = VerdictEvents.networkDissent("pkg", "1.0.0", answer(many), NOW);
    List<String> inside = codeBlock(event.text());
    assertTrue(inside.size() < 64, "the event is bounded");
    assertTrue(inside.get(inside.size() - 1).matches("… and [0-9]+ more"), inside.get(inside.size() - 1));
    assertTrue(event.text().length() <= AlertEvent.MAX_TEXT);
    assertFalse(event.text().contains("(cut:"), "the builder fits the text itself, so the fence is never cut");
  }

  @Test
  void theMetricsNameEachDissenterAndTheNetworkStatus() {
    BufferingSink sink = BufferingSink.create();
    VerdictMetrics.network(sink, "left-pad", "1.3.0",
        answer(List.of(new NetworkAnswer.Dissent(HOSTILE, "other_result", "FAILED"))), NOW);
    MetricsBatch batch = sink.drain();
    List<String> points = batch.points().stream().map(p -> p.name() + " " + p.tags()).sorted().toList();
    assertEquals(List.of("hekate.network.agreement [ecosystem:npm, package:left-pad, status:error]",
        "hekate.network.dissent [ecosystem:npm, package:left-pad, peer:https://b.hekate.test/, reason:other_result]"),
        points);
    assertEquals(List.of("Hekate: verifiers disagree on left-pad@1.3.0"),
        batch.events().stream().map(AlertEvent::title).toList());
  }
}
