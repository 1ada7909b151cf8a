package dev.hekate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.Status;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.VerificationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's Markdown attack on Datadog events: a FAILED package whose unsigned repository, gitHead
 * and finding texts hold a backtick, a blank line and {@code %%%\n**[APPROVED by security - click to
 * close](https://evil.example/phish)**\n%%%}, and a 200 KB value that would fill the event. The
 * event must carry no link Hekate did not build, no {@code %%%} (the publisher wraps the text in
 * one pair), every code block closed, and its links and evidence before the cut.
 */
class VerdictEventsAttackTest {
  private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
  private static final String PHISH = "`\n\n%%%\n**[APPROVED by security - click to close](https://evil.example/phish)**\n%%%";
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)]*)\\)");

  private static Verdict hostile() {
    Evidence evidence = new Evidence("https://github.com/o/r" + PHISH, "0123456789abcdef0123456789abcdef01234567",
        "refs/tags/v1.0.0" + PHISH, "https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.0.0",
        "https://evil.example/phish", "builder" + PHISH, "", "github-hosted", "push", "1", "2", "", "", "", "",
        Optional.empty(), List.of(new Evidence.LogEntry("provenance", 7, "https://search.sigstore.dev/?logIndex=7",
            Optional.empty())));
    VerdictCheck bad = new VerdictCheck(VerdictCheck.PACKAGE, CheckResult.failed(VerificationException.mismatch(
        CheckId.NPM_INTEGRITY, "the attested digest is not dist.integrity" + PHISH, "sha512-AAA" + PHISH,
        "x".repeat(200_000))));
    return new Verdict("@scope/pkg", "1.2.3", Status.FAILED, false, List.of(bad), List.of(
        Finding.of(FindingType.REPOSITORY_MISMATCH, "unsigned repository differs" + PHISH, "a" + PHISH, "b"),
        Finding.of(FindingType.GITHEAD_MISMATCH, "y".repeat(200_000), "c", "d")),
        evidence, Optional.empty(), Optional.empty());
  }

  /**
   * The text Markdown renders: without fenced code blocks and inline code spans (the hostile
   * values' own backticks are look-alikes, so they can open or close neither).
   */
  static String rendered(String text) {
    return text.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
  }

  @Test
  void aHostileFailedVerdictGivesAnEventWithOnlyHekatesLinks() {
    AlertEvent event = VerdictEvents.failed(hostile(), NOW);
    String text = event.text();

    assertFalse(text.contains("%%%"), text);
    assertFalse(rendered(text).contains("evil.example"), rendered(text));
    Matcher links = LINK.matcher(rendered(text));
    while (links.find()) {
      String target = links.group(1);
      assertTrue(target.startsWith("https://www.npmjs.com/package/@scope/pkg/v/1.2.3")
          || target.equals("https://search.sigstore.dev/?logIndex=7"), "a link Hekate did not build: " + target);
    }
    int fences = text.split("```", -1).length - 1;
    assertTrue(fences % 2 == 0 && fences >= 4, "every code block is closed: " + fences + "\n" + text);
    assertTrue(text.length() <= AlertEvent.MAX_TEXT, "bounded: " + text.length());
    assertTrue(text.indexOf("**Links**") < text.indexOf("**Evidence**")
        && text.indexOf("**Evidence**") < text.indexOf("**Details"), text);
    assertTrue(text.contains("log entry (provenance): https://search.sigstore.dev/?logIndex=7"), text);
  }

  @Test
  void aHostileRegressionAndAnswerChangeAreAsSafe() {
    Verdict hostile = hostile();
    for (AlertEvent event : List.of(VerdictEvents.regression(new Verdict("@scope/pkg", "1.2.3", Status.MISSING, true,
        List.of(), List.of(Finding.of(FindingType.TRUST_DOWNGRADE, "m" + PHISH, "provenance" + PHISH, "none")),
        hostile.evidence(), Optional.empty(), Optional.empty()), NOW), VerdictEvents.answerChanged(new Verdict(
        "@scope/pkg", "1.2.3", Status.MISSING, false, List.of(),
        List.of(Finding.of(FindingType.REGISTRY_ANSWER_CHANGED, "integrity: differs" + PHISH, "sha512-OLD" + PHISH,
            "sha512-NEW")), hostile.evidence(), Optional.empty(), Optional.empty()), NOW))) {
      String text = event.text();
      assertFalse(text.contains("%%%"), text);
      assertFalse(rendered(text).contains("evil.example"), rendered(text));
      assertTrue((text.split("```", -1).length - 1) % 2 == 0, text);
      assertTrue(text.length() <= AlertEvent.MAX_TEXT);
    }
  }
}
