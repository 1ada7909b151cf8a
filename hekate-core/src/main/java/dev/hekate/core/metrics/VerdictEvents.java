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
        .append(check).append('`');
    verdict.firstFailure().ifPresent(failure -> appendFailure(text, failure));
    appendCommon(text, verdict);
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
        .append(", although an earlier version had ").append(bar).append(lostProvenance
            ? ": nothing shows that CI built this version.\n" : ": it was published with less trust than before.\n");
    appendCommon(text, verdict);
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
    for (Finding f : verdict.findings()) {
      VerdictRecorder.part(f).map(RegistryAnswer.Part::wireName).ifPresent(part -> {
        parts.add(part);
        text.append("- ").append(part).append(": before `").append(f.expected().orElse(""))
            .append("`, now `").append(f.actual().orElse("")).append("`\n");
      });
    }
    appendCommon(text, verdict);
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

  private static void appendFailure(StringBuilder text, VerdictCheck failure) {
    CheckResult result = failure.result();
    text.append(" (").append(failure.attestation()).append(")\n\n");
    if (!result.detail().isEmpty()) {
      text.append("> ").append(result.detail()).append('\n');
    }
    result.expected().ifPresent(e -> text.append("\n- expected: `").append(e).append('`'));
    result.actual().ifPresent(a -> text.append("\n- actual: `").append(a).append('`'));
    text.append('\n');
  }

  private static void appendCommon(StringBuilder text, Verdict verdict) {
    if (!verdict.findings().isEmpty()) {
      text.append("\n**Findings**\n");
      for (Finding f : verdict.findings()) {
        text.append("- `").append(f.type().wireName()).append("`: ").append(f.message());
        f.expected().ifPresent(e -> text.append(" (expected `").append(e).append("`, actual `")
            .append(f.actual().orElse("")).append("`)"));
        text.append('\n');
      }
    }
    Evidence e = verdict.evidence();
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
    if (!rows.isEmpty()) {
      text.append("\n**Evidence**\n");
      rows.forEach(r -> text.append(r).append('\n'));
    }
    text.append("\n**Links**: [npm](").append(NPM_PAGE).append(verdict.packageName()).append("/v/")
        .append(verdict.version()).append(')');
    if (!e.runUrl().isEmpty()) {
      text.append(" · [workflow run](").append(e.runUrl()).append(')');
    }
    if (!e.sourceRepository().isEmpty() && !e.commit().isEmpty() && e.sourceRepository().startsWith("https://")) {
      text.append(" · [commit](").append(e.sourceRepository()).append("/commit/").append(e.commit()).append(')');
    }
    text.append('\n');
  }

  private static void row(List<String> rows, String label, String value) {
    if (!value.isEmpty()) {
      rows.add("- " + label + ": " + value);
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
