package dev.hekate.lambda.http;

import java.util.Locale;

/**
 * Reads an {@code Accept} header just enough to tell a browser from an API client: whether
 * {@code text/html} is preferred to {@code application/json}. A tie, an absent header or one that
 * cannot be read is JSON, so curl ({@code *}{@code /*}) and every existing client get what they
 * always got.
 */
public final class AcceptHeader {
  /** An Accept header longer than this is not read (JSON is answered). */
  static final int MAX_LENGTH = 1_024;

  private AcceptHeader() {}

  public static boolean prefersHtml(String accept) {
    if (accept == null || accept.isEmpty() || accept.length() > MAX_LENGTH) {
      return false;
    }
    double html = quality(accept, "text", "html");
    double json = quality(accept, "application", "json");
    return html > 0 && html > json;
  }

  /** The quality the header gives {@code type/subtype}: its most specific matching range's, 0 when none matches. */
  private static double quality(String accept, String type, String subtype) {
    int bestSpecificity = -1;
    double best = 0;
    for (String part : accept.split(",")) {
      String[] params = part.split(";");
      String range = params[0].trim().toLowerCase(Locale.ROOT);
      int slash = range.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String t = range.substring(0, slash);
      String s = range.substring(slash + 1);
      int specificity;
      if (t.equals(type) && s.equals(subtype)) {
        specificity = 2;
      } else if (t.equals(type) && s.equals("*")) {
        specificity = 1;
      } else if (t.equals("*") && s.equals("*")) {
        specificity = 0;
      } else {
        continue;
      }
      double q = 1;
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
          if (!(q >= 0 && q <= 1)) {
            q = 0;
          }
        }
      }
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        best = q;
      }
    }
    return best;
  }
}
