package dev.hekate.testdata;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Values of about 4 MiB shaped to make a superlinear parser slow: long runs of the characters that
 * regular expressions and trimming loops key on, and JSON documents that stress the reader itself
 * (deep nesting, many keys, escaped code points). Tests put them into every field of registry and
 * GitHub data and bound the time a parser may take: a linear parser takes milliseconds, a
 * quadratic one minutes (a {@code /+$} regex took 84 s on 160,000 slashes).
 *
 * <p>Strings stay just under Hekate's 4 MiB JSON string limit, so that they get past the JSON
 * reader to the code behind it.
 */
public final class Hostile {
  /** Characters in each hostile string: 4 MiB less room for the rest of a document. */
  public static final int LENGTH = (4 << 20) - 4096;

  private Hostile() {}

  /** A named hostile value; the name is what a failing test reports. */
  public record Value(String name, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A named hostile JSON document. */
  public record Document(String name, byte[] json) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Strings for fields: runs of one character, runs that almost end a pattern, repeated pieces. */
  public static List<Value> strings() {
    int half = LENGTH / 2;
    return List.of(
        new Value("slashes", "/".repeat(LENGTH)),
        new Value("slashes around one letter", "/".repeat(half) + "x" + "/".repeat(half)),
        new Value("dot-slashes", "./".repeat(half)),
        new Value("one letter", "a".repeat(LENGTH)),
        new Value("digits", "9".repeat(LENGTH)),
        new Value("spaces", " ".repeat(LENGTH)),
        new Value("at signs", "@".repeat(LENGTH)),
        new Value("percent signs", "%".repeat(LENGTH)),
        new Value("open brackets", "[".repeat(LENGTH)),
        new Value("repeated path segments", "a/".repeat(half)),
        new Value("repeated attempts", "/attempts/1".repeat(LENGTH / 11)),
        new Value("url prefixes", "git+".repeat(LENGTH / 4)),
        new Value("sri prefixes", "sha512-".repeat(LENGTH / 7)),
        new Value("base64", "A".repeat(LENGTH)),
        new Value("line breaks", "\n".repeat(LENGTH)),
        new Value("non-ASCII", "\u00e9".repeat(LENGTH)));
  }

  /** Whole documents that attack the JSON reader: every parser of JSON must end on each. */
  public static List<Document> documents() {
    int depth = LENGTH / 2;
    StringBuilder keys = new StringBuilder("{");
    for (int i = 0; keys.length() < LENGTH; i++) {
      keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
    }
    keys.append('}');
    return List.of(
        document("nested arrays", "[".repeat(depth) + "]".repeat(depth)),
        document("nested objects", "{\"a\":".repeat(depth / 5) + "0" + "}".repeat(depth / 5)),
        document("unclosed brackets", "[".repeat(LENGTH)),
        document("many keys", keys.toString()),
        document("one long string", "{\"x\":\"" + "a".repeat(LENGTH) + "\"}"),
        document("a string over the limit", "{\"x\":\"" + "a".repeat(LENGTH + 8192) + "\"}"),
        document("escaped code points", "{\"x\":\"" + "\\u00e9".repeat(LENGTH / 6) + "\"}"),
        document("many empty arrays", "[" + "[],".repeat(LENGTH / 3) + "[]]"),
        document("a long number", "{\"x\":" + "9".repeat(LENGTH) + "}"),
        // Short, but it once escaped every JSON parser as an unchecked exception.
        document("a number out of range", "{\"x\":9e7399344108}"),
        document("whitespace", " ".repeat(LENGTH) + "{}"));
  }

  private static Document document(String name, String json) {
    return new Document(name, json.getBytes(StandardCharsets.UTF_8));
  }
}
