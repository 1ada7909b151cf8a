package dev.hekate.core.metrics;

import dev.hekate.core.npm.Evidence;
import dev.hekate.core.npm.Finding;
import dev.hekate.core.npm.FindingType;
import dev.hekate.core.npm.TrustTier;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.npm.VerdictCheck;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.text.UntrustedText;
import dev.hekate.core.vsa.NetworkAnswer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The events a person is alerted with: one per FAILED verdict, one per provenance regression, one
 * per version whose registry answer changed, one per version other verifiers disagree on.
 * Each carries the evidence (what failed, expected and actual, the build the provenance names,
 * the transparency log entries) and links to the version on npm, the workflow run and the log.
 */
public final class VerdictEvents {
  /** The {@code source} tag of every Hekate event. */
  public static final String SOURCE = "source:hekate";
  private static final String NPM_PAGE = "https://www.npmjs.com/package/";

  private VerdictEvents() {}

  /** The event for a FAILED verdict. */
  public static AlertEvent failed(Verdict verdict, Instant now) {
    String spec = spec(verdict);
    String check = VerdictMetrics.firstFailingCheck(verdict);
    StringBuilder text = new StringBuilder();
    text.append("**").append(spec).append("** FAILED verification: the first failing check is `")
        .append(check).append('`').append(verdict.firstFailure().map(f -> " (" + f.attestation() + ")").orElse(""))
        .append(".\n");
    List<String> details = new ArrayList<>();
    verdict.firstFailure().ifPresent(failure -> failureLines(details, failure));
    appendCommon(text, verdict, details);
    return new AlertEvent("Hekate: " + spec + " FAILED " + check, text.toString(), AlertEvent.Level.ERROR,
        aggregationKey(verdict), now, tags(verdict, "failed", List.of(Tags.tag("check", check))));
  }

  /**
   * The event for a version published with less trust than an earlier one: without the provenance
   * an earlier version had, or (tier kept in the title) with provenance but no longer through
   * trusted publishing.
   */
  public static AlertEvent regression(Verdict verdict, Instant now) {
    String spec = spec(verdict);
    boolean lostProvenance = verdict.tier().map(t -> t == TrustTier.NONE).orElse(true);
    String bar = verdict.findings().stream().filter(f -> f.type() == FindingType.TRUST_DOWNGRADE)
        .findFirst().flatMap(Finding::expected).orElse("provenance");
    StringBuilder text = new StringBuilder();
    text.append("**").append(spec).append("** was published ")
        .append(lostProvenance ? "without provenance" : "as " + verdict.tier().orElseThrow().wireName())
        .append(", although an earlier version had `").append(UntrustedText.markdownCode(bar)).append('`')
        .append(lostProvenance ? ": nothing shows that CI built this version.\n"
            : ": it was published with less trust than before.\n");
    appendCommon(text, verdict, List.of());
    String title = lostProvenance ? " lost its provenance (regression)" : " published with less trust (regression)";
    return new AlertEvent("Hekate: " + spec + title, text.toString(),
        AlertEvent.Level.ERROR, aggregationKey(verdict), now, tags(verdict, "regression", List.of()));
  }

  /**
   * The event for a version whose registry answer changed since an earlier check: which parts, with
   * the stored and the new digest of each. A published npm version is immutable.
   */
  public static AlertEvent answerChanged(Verdict verdict, Instant now) {
    String spec = spec(verdict);
    List<String> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    text.append("The registry's answer for **").append(spec)
        .append("** differs from the one Hekate stored at an earlier check. A published npm version never"
            + " changes: a registry, mirror or proxy serving a different answer is tampering until shown"
            + " otherwise. The verdict is ").append(verdict.status().name()).append(".\n\n");
    List<String> changes = new ArrayList<>();
    for (Finding f : verdict.findings()) {
      VerdictRecorder.part(f).map(RegistryAnswer.Part::wireName).ifPresent(part -> {
        parts.add(part);
        changes.add(part + ": before " + f.expected().orElse("") + ", now " + f.actual().orElse(""));
      });
    }
    appendCommon(text, verdict, changes);
    return new AlertEvent("Hekate: " + spec + " registry answer changed (" + String.join(", ", parts) + ")",
        text.toString(), AlertEvent.Level.ERROR, aggregationKey(verdict) + ":answer", now,
        tags(verdict, "answer_changed", parts.stream().map(p -> Tags.tag("part", p)).toList()));
  }

  /** Longest peer message shown in a {@link #networkDissent} event; the rest is cut. */
  static final int MAX_DISSENT_MESSAGE = 300;

  /**
   * The event for a version on which peers of the verifier network dissent (a warning: the sweep's
   * own verdict stands). Every dissenting peer, its reason and its message are one line each of a
   * code block that this method opens and closes; what a peer said passes through
   * {@link UntrustedText#markdownCode}, so it cannot close the block, end Datadog's Markdown, link
   * or mention anyone. Lines that would not fit the event are counted, not shown.
   */
  public static AlertEvent networkDissent(String packageName, String version, NetworkAnswer answer, Instant now) {
    String spec = packageName + "@" + version;
    StringBuilder text = new StringBuilder();
    text.append("The verifier network answered ").append(answer.status().name()).append(" for **").append(spec)
        .append("** (").append(answer.detail()).append("), and ").append(answer.dissent().size())
        .append(answer.dissent().size() == 1 ? " peer dissents" : " peers dissent")
        .append(". Hekate's own verdict is unchanged; a peer that disagrees reads another registry,"
            + " runs another policy, or is not who peers.json pins.\n\n```\n");
    String fence = "```\n";
    int shown = 0;
    for (NetworkAnswer.Dissent d : answer.dissent()) {
      String message = d.message().length() > MAX_DISSENT_MESSAGE
          ? d.message().substring(0, MAX_DISSENT_MESSAGE) + "…" : d.message();
      String line = UntrustedText.markdownCode(d.peer().toString()) + "  " + UntrustedText.markdownCode(d.reason())
          + ": " + UntrustedText.markdownCode(message) + "\n";
      // Room for this line, a count of the rest and the closing fence, inside AlertEvent's limit.
      if (text.length() + line.length() + 40 + fence.length() > AlertEvent.MAX_TEXT) {
        break;
      }
      text.append(line);
      shown++;
    }
    if (shown < answer.dissent().size()) {
      text.append("… and ").append(answer.dissent().size() - shown).append(" more\n");
    }
    text.append(fence);
    List<String> tags = List.of(SOURCE, VerdictMetrics.ECOSYSTEM, Tags.tag("package", packageName),
        Tags.tag("version", version), Tags.tag("hekate_event", "network_dissent"));
    return new AlertEvent("Hekate: verifiers disagree on " + spec, text.toString(), AlertEvent.Level.WARNING,
        "hekate:npm:" + spec + ":network", now, tags);
  }

  /** Longest line of a code block in an event; the rest is cut. */
  static final int MAX_LINE = 300;

  private static final Pattern GITHUB_REPOSITORY =
      Pattern.compile("https://github\\.com/[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
  private static final Pattern RUN_URL = Pattern.compile(
      "https://github\\.com/[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}/actions/runs/[0-9]{1,20}(/attempts/[0-9]{1,6})?");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern LOG_ENTRY_URL =
      Pattern.compile("https://[a-z0-9.-]{1,100}/(\\?|api/v1/log/entries\\?)logIndex=[0-9]{1,20}");

  private static void failureLines(List<String> lines, VerdictCheck failure) {
    CheckResult result = failure.result();
    if (!result.detail().isEmpty()) {
      lines.add(result.detail());
    }
    result.expected().ifPresent(e -> lines.add("expected: " + e));
    result.actual().ifPresent(a -> lines.add("actual:   " + a));
  }

  /**
   * The links, the evidence and the details, in that order, so that a long value never pushes the
   * links or the evidence out of the event. Links are only those Hekate builds from parts it has
   * checked (the package page from the verdict's name and version; the workflow run, the commit
   * and the log entries only when they have the exact shape of one). Every value a registry,
   * certificate or provenance supplied is a line of a code block this method opens and closes,
   * through {@link UntrustedText#markdownCode}: it cannot close the block, end Datadog's Markdown
   * section, link or mention anyone.
   */
  private static void appendCommon(StringBuilder text, Verdict verdict, List<String> details) {
    Evidence e = verdict.evidence();
    text.append("\n**Links**: [npm](").append(NPM_PAGE).append(verdict.packageName()).append("/v/")
        .append(verdict.version()).append(')');
    if (RUN_URL.matcher(e.runUrl()).matches()) {
      text.append(" · [workflow run](").append(e.runUrl()).append(')');
    }
    if (GITHUB_REPOSITORY.matcher(e.sourceRepository()).matches() && COMMIT.matcher(e.commit()).matches()) {
      text.append(" · [commit](").append(e.sourceRepository()).append("/commit/").append(e.commit()).append(')');
    }
    for (Evidence.LogEntry entry : e.logEntries()) {
      if (LOG_ENTRY_URL.matcher(entry.entryUrl()).matches()) {
        text.append(" · [log entry (").append(entry.attestation().equals("publish") ? "publish" : "provenance")
            .append(")](").append(entry.entryUrl()).append(')');
      }
    }
    text.append('\n');
    List<String> rows = new ArrayList<>();
    row(rows, "source repository", e.sourceRepository());
    row(rows, "commit", e.commit());
    row(rows, "ref", e.ref());
    row(rows, "workflow", e.workflow());
    row(rows, "workflow run", e.runUrl());
    row(rows, "builder", e.builderId());
    row(rows, "runner", e.runnerEnvironment());
    row(rows, "signer", e.signerIdentity());
    row(rows, "npm key", e.npmKeyId());
    row(rows, "integrity", e.integrity());
    e.publishedAt().ifPresent(t -> row(rows, "published", t.toString()));
    for (Evidence.LogEntry entry : e.logEntries()) {
      row(rows, "log entry (" + entry.attestation() + ")",
          entry.entryUrl().isEmpty() ? "index " + entry.logIndex() : entry.entryUrl());
    }
    codeBlock(text, "Evidence", rows);
    List<String> all = new ArrayList<>(details);
    for (Finding f : verdict.findings()) {
      all.add(f.type().wireName() + ": " + f.message()
          + f.expected().map(x -> " (expected " + x + ", actual " + f.actual().orElse("") + ")").orElse(""));
    }
    codeBlock(text, verdict.findings().isEmpty() ? "Details" : "Details and findings", all);
  }

  /**
   * A fenced code block of {@code lines}, each cut to {@value #MAX_LINE} characters and passed
   * through {@link UntrustedText#markdownCode}; lines that would not fit {@link AlertEvent#MAX_TEXT}
   * are counted, not shown, and the block is always closed.
   */
  private static void codeBlock(StringBuilder text, String heading, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    text.append("\n**").append(heading).append("**\n```\n");
    int shown = 0;
    for (String line : lines) {
      String cut = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
      String shownLine = UntrustedText.markdownCode(cut) + "\n";
      if (text.length() + shownLine.length() + 40 > AlertEvent.MAX_TEXT) {
        break;
      }
      text.append(shownLine);
      shown++;
    }
    if (shown < lines.size()) {
      text.append("… and ").append(lines.size() - shown).append(" more\n");
    }
    text.append("```\n");
  }

  private static void row(List<String> rows, String label, String value) {
    if (!value.isEmpty()) {
      rows.add(label + ": " + value);
    }
  }

  private static String spec(Verdict verdict) {
    return verdict.version().isEmpty() ? verdict.packageName() : verdict.packageName() + "@" + verdict.version();
  }

  private static String aggregationKey(Verdict verdict) {
    return "hekate:npm:" + spec(verdict);
  }

  private static List<String> tags(Verdict verdict, String kind, List<String> more) {
    List<String> tags = new ArrayList<>(List.of(SOURCE, VerdictMetrics.ECOSYSTEM,
        Tags.tag("package", verdict.packageName()), Tags.tag("version", verdict.version()),
        Tags.tag("status", verdict.status().name()), Tags.tag("hekate_event", kind)));
    tags.addAll(more);
    return tags;
  }
}
