package dev.hekate.lambda.http;

import dev.hekate.core.store.AnswerChange;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistory.Row;
import dev.hekate.core.store.PackageHistory.StoredFinding;
import dev.hekate.core.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * The history of a package as one server-rendered HTML page: a timeline table, newest version
 * first. Inert by construction: no script, no external resource, one inline style allowed by its
 * hash ({@link #CONTENT_SECURITY_POLICY}); every string from the store passes through
 * {@link UntrustedText#html} (element content and attribute values alike), and links are only
 * those {@link HistoryLinks} builds or validates.
 *
 * <p>A row whose version is a regression or has a drift finding ({@link PackageHistory#DRIFT}) is
 * marked twice: a CSS class, and a word a reader without colour sees ({@code regression},
 * {@code answer changed}, {@code drift}).
 */
public final class HistoryPage {
  static final String STYLE = """
      body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}\
      h1{font-size:1.4em;margin:0 0 .2em}\
      p.meta{color:#555;margin:0 0 1em}\
      table{border-collapse:collapse;width:100%}\
      th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}\
      th{background:#f3f3f3}\
      tr.regression td{background:#fde8e8}\
      tr.drift td{background:#fff6dc}\
      tr.regression.drift td{background:#fbdada}\
      .mark{display:inline-block;font-weight:600;font-size:.85em;padding:0 .35em;margin:0 .2em .2em 0;\
      border:1px solid currentColor;border-radius:3px}\
      .mark.regression{color:#a40000}\
      .mark.changed{color:#8a5a00}\
      .mark.drift{color:#6b4e00}\
      .status-VERIFIED{color:#136c2e;font-weight:600}\
      .status-FAILED{color:#a40000;font-weight:600}\
      .status-MISSING{color:#8a5a00;font-weight:600}\
      ul{margin:0;padding-left:1.1em}\
      code{font-size:.92em;word-break:break-all}\
      .problem{color:#a40000}\
      """;

  /** The page's policy: nothing loads, nothing runs; only the inline style above, by its hash. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256(STYLE)
      + "'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ISO_INSTANT;

  private HistoryPage() {}

  /** The page for {@code history}. */
  public static String render(PackageHistory history) {
    String name = history.pkg().name();
    StringBuilder html = new StringBuilder(8192);
    head(html, "History of " + name);
    html.append("<h1>History of <code>").append(UntrustedText.html(name)).append("</code></h1>\n");
    html.append("<p class=\"meta\">Registry <code>").append(UntrustedText.html(history.pkg().registry()))
        .append("</code>; ").append(history.versions().size()).append(" version")
        .append(history.versions().size() == 1 ? "" : "s").append(" shown, newest first");
    if (history.omitted() > 0) {
      html.append("; ").append(history.omitted()).append(" older not shown");
    }
    html.append(". JSON: <code>").append(UntrustedText.html(RequestParser.NPM_PREFIX
        + HistoryLinks.encodedName(name) + RequestParser.HISTORY_SUFFIX)).append("</code></p>\n");
    html.append("<table>\n<thead><tr><th>version</th><th>tier</th><th>status</th><th>published</th>"
        + "<th>source repository</th><th>workflow</th><th>links</th><th>findings</th></tr></thead>\n<tbody>\n");
    for (Row row : history.versions()) {
      row(html, name, row);
    }
    html.append("</tbody>\n</table>\n");
    if (history.omitted() > 0) {
      html.append("<p class=\"meta\">").append(history.omitted())
          .append(" older versions are not shown (at most ").append(history.versions().size())
          .append(" per page).</p>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  /** A page for an error: its code and message, with the same headers as the history. */
  public static String error(ApiError error, String message) {
    StringBuilder html = new StringBuilder(1024);
    head(html, "Hekate: " + error.code());
    html.append("<h1>").append(UntrustedText.html(error.code())).append("</h1>\n<p>")
        .append(UntrustedText.html(message)).append("</p>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void head(StringBuilder html, String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<title>").append(UntrustedText.html(title)).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
  }

  private static void row(StringBuilder html, String name, Row row) {
    boolean drift = !row.driftFindings().isEmpty() || row.answerChanged();
    String css = (row.regression() ? "regression" : "") + (drift ? (row.regression() ? " drift" : "drift") : "");
    html.append("<tr");
    if (!css.isEmpty()) {
      html.append(" class=\"").append(UntrustedText.html(css)).append('"');
    }
    html.append(" id=\"v-").append(UntrustedText.html(row.version())).append("\">");

    html.append("<td><code>").append(UntrustedText.html(row.version())).append("</code>");
    if (row.regression()) {
      html.append("<br><span class=\"mark regression\">regression</span>");
    }
    if (row.answerChanged()) {
      html.append("<br><span class=\"mark changed\">answer changed</span>");
    }
    if (row.driftFindings().stream().anyMatch(f -> !f.type().equals("registry_answer_changed"))) {
      html.append("<br><span class=\"mark drift\">drift</span>");
    }
    html.append("</td>");

    cell(html, row.tier().orElse("-"));
    html.append("<td><span class=\"status-").append(UntrustedText.html(row.status())).append("\">")
        .append(UntrustedText.html(row.status())).append("</span></td>");
    cell(html, row.publishedAt().map(HistoryPage::time).orElse("unknown"));
    codeCell(html, row.evidence().sourceRepository());
    codeCell(html, row.evidence().workflow());
    links(html, name, row);
    findings(html, row);
    html.append("</tr>\n");
  }

  private static void links(StringBuilder html, String name, Row row) {
    html.append("<td><ul>");
    for (PackageHistory.LogEntry entry : row.evidence().logEntries()) {
      String label = "Rekor " + entry.logIndex() + (entry.attestation().isEmpty() ? "" : " (" + entry.attestation() + ")");
      item(html, label, HistoryLinks.logEntry(entry));
    }
    if (!row.evidence().runUrl().isEmpty()) {
      Optional<String> run = HistoryLinks.githubRun(row.evidence().runUrl());
      item(html, run.isPresent() ? "workflow run" : "workflow run: " + row.evidence().runUrl(), run);
    }
    item(html, "npm page", HistoryLinks.npmPage(name, row.version()));
    html.append("</ul></td>");
  }

  private static void item(StringBuilder html, String label, Optional<String> href) {
    html.append("<li>");
    if (href.isPresent()) {
      html.append("<a href=\"").append(UntrustedText.html(href.get())).append("\" rel=\"noreferrer noopener\">")
          .append(UntrustedText.html(label)).append("</a>");
    } else {
      html.append(UntrustedText.html(label));
    }
    html.append("</li>");
  }

  private static void findings(StringBuilder html, Row row) {
    html.append("<td>");
    row.problem().ifPresent(p -> html.append("<p class=\"problem\">").append(UntrustedText.html(p)).append("</p>"));
    if (!row.findings().isEmpty() || !row.changes().isEmpty()) {
      html.append("<ul>");
      for (StoredFinding f : row.findings()) {
        html.append("<li><code>").append(UntrustedText.html(f.type())).append("</code>: ")
            .append(UntrustedText.html(f.message()));
        f.expected().ifPresent(v -> html.append("<br>expected <code>").append(UntrustedText.html(v)).append("</code>"));
        f.actual().ifPresent(v -> html.append("<br>actual <code>").append(UntrustedText.html(v)).append("</code>"));
        html.append("</li>");
      }
      for (AnswerChange c : row.changes()) {
        html.append("<li>answer change at ").append(UntrustedText.html(time(c.at()))).append(": <code>")
            .append(UntrustedText.html(c.difference().part().wireName())).append("</code> <code>")
            .append(UntrustedText.html(c.difference().before())).append("</code> → <code>")
            .append(UntrustedText.html(c.difference().after())).append("</code></li>");
      }
      html.append("</ul>");
    } else if (row.problem().isEmpty()) {
      html.append("none");
    }
    html.append("</td>");
  }

  private static void cell(StringBuilder html, String text) {
    html.append("<td>").append(UntrustedText.html(text)).append("</td>");
  }

  private static void codeCell(StringBuilder html, String text) {
    html.append("<td>");
    if (text.isEmpty()) {
      html.append('-');
    } else {
      html.append("<code>").append(UntrustedText.html(text)).append("</code>");
    }
    html.append("</td>");
  }

  private static String time(Instant instant) {
    return DAY_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
