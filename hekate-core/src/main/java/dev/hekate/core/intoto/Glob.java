package dev.hekate.core.intoto;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern of Python's {@code fnmatch} on POSIX, which in-toto's rules use: {@code *} any run of
 * characters ({@code /} included), {@code ?} one character, {@code [seq]} and {@code [!seq]} one
 * character in (or not in) a set with ranges, an unclosed {@code [} literal, everything else
 * literal and case-sensitive. Matched without regular expressions, in time proportional to
 * pattern length times path length, whatever the pattern.
 */
final class Glob {
  private sealed interface Token permits Star, One, Literal, Set {}

  private record Star() implements Token {}

  private record One() implements Token {}

  private record Literal(int codePoint) implements Token {}

  private record Set(boolean negated, int[] lows, int[] highs) implements Token {
    boolean contains(int c) {
      boolean in = false;
      for (int i = 0; i < lows.length && !in; i++) {
        in = lows[i] <= c && c <= highs[i];
      }
      return in != negated;
    }
  }

  private final List<Token> tokens;

  private Glob(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Glob compile(String pattern) {
    int[] p = pattern.codePoints().toArray();
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < p.length) {
      int c = p[i++];
      if (c == '*') {
        if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof Star)) {
          tokens.add(new Star());
        }
      } else if (c == '?') {
        tokens.add(new One());
      } else if (c == '[') {
        int j = i;
        if (j < p.length && p[j] == '!') {
          j++;
        }
        if (j < p.length && p[j] == ']') {
          j++;
        }
        while (j < p.length && p[j] != ']') {
          j++;
        }
        if (j >= p.length) {
          tokens.add(new Literal('['));
        } else {
          tokens.add(set(p, i, j));
          i = j + 1;
        }
      } else {
        tokens.add(new Literal(c));
      }
    }
    return new Glob(List.copyOf(tokens));
  }

  /** The set between {@code [} and {@code ]}: {@code p[from..to)}. */
  private static Set set(int[] p, int from, int to) {
    boolean negated = from < to && p[from] == '!';
    int k = negated ? from + 1 : from;
    List<int[]> ranges = new ArrayList<>();
    while (k < to) {
      if (k + 2 < to && p[k + 1] == '-') {
        ranges.add(new int[] {p[k], p[k + 2]});
        k += 3;
      } else {
        ranges.add(new int[] {p[k], p[k]});
        k++;
      }
    }
    int[] lows = ranges.stream().mapToInt(r -> r[0]).toArray();
    int[] highs = ranges.stream().mapToInt(r -> r[1]).toArray();
    return new Set(negated, lows, highs);
  }

  /**
   * Whether {@code path} matches: linear backtracking over the last star, at most pattern length
   * times path length steps. Those can be many for hostile lengths, so an interrupted thread stops
   * within 65,536 steps ({@link java.util.concurrent.CancellationException}), as the artifact rules
   * stop between rules: a caller that gave up waiting gets its thread back.
   */
  boolean matches(String path) {
    int[] s = path.codePoints().toArray();
    int t = 0;
    int i = 0;
    int starToken = -1;
    int starPosition = 0;
    long steps = 0;
    while (i < s.length) {
      if ((++steps & 0xFFFF) == 0 && Thread.currentThread().isInterrupted()) {
        throw new java.util.concurrent.CancellationException("the artifact rules were cancelled");
      }
      if (t < tokens.size() && !(tokens.get(t) instanceof Star) && single(tokens.get(t), s[i])) {
        t++;
        i++;
      } else if (t < tokens.size() && tokens.get(t) instanceof Star) {
        starToken = t++;
        starPosition = i;
      } else if (starToken >= 0) {
        t = starToken + 1;
        i = ++starPosition;
      } else {
        return false;
      }
    }
    while (t < tokens.size() && tokens.get(t) instanceof Star) {
      t++;
    }
    return t == tokens.size();
  }

  private static boolean single(Token token, int c) {
    return switch (token) {
      case One one -> true;
      case Literal literal -> literal.codePoint() == c;
      case Set set -> set.contains(c);
      case Star star -> false;
    };
  }
}
