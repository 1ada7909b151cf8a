package dev.hekate.core.intoto;

import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * in-toto v1.0 artifact rules, as in-toto-verify applies them ({@code verify_item_rules}): the
 * rules of one list run in order over a queue holding every material (or product) of the step; a
 * rule that matches artifacts consumes them, so a later rule never sees them. MATCH consumes the
 * artifacts whose hashes equal the named step's; CREATE, DELETE and MODIFY those created, deleted
 * or changed by the step; ALLOW all it matches; DISALLOW fails if it matches anything left; REQUIRE
 * fails unless its (literal) path is still in the queue. Artifacts left at the end are allowed.
 */
public final class ArtifactRules {
  private ArtifactRules() {}

  /**
   * Applies {@code rules} to the materials ({@code products} false) or products of {@code link},
   * the step named {@code stepName}; {@code links} are the verified links of every step (and run
   * inspection) by name, for MATCH.
   *
   * <p>The rules are the one stage whose cost grows with the product of two inputs (rules times
   * artifacts times pattern and path lengths), so it stops between rules when its thread is
   * interrupted: a caller that gave up waiting (the HTTP API's deadline) gets its thread back.
   *
   * @throws VerificationException {@code intoto.artifact_rule}, naming the step, the rule and the artifacts
   * @throws java.util.concurrent.CancellationException when the thread is interrupted
   */
  public static void apply(String stepName, List<ArtifactRule> rules, boolean products, Link link,
      Map<String, Link> links) throws VerificationException {
    Map<String, Map<String, String>> materials = link.materials();
    Map<String, Map<String, String>> productMap = link.products();
    Map<String, Map<String, String>> source = products ? productMap : materials;
    Set<String> queue = new LinkedHashSet<>(new TreeSet<>(source.keySet()));
    String list = products ? "expected_products" : "expected_materials";
    for (ArtifactRule rule : rules) {
      if (Thread.currentThread().isInterrupted()) {
        throw new java.util.concurrent.CancellationException("the artifact rules were cancelled");
      }
      Set<String> consumed = new LinkedHashSet<>();
      if (rule.type() == ArtifactRule.Type.MATCH) {
        consumed = match(rule, queue, source, links);
      } else {
        Glob glob = Glob.compile(rule.pattern());
        List<String> filtered = new ArrayList<>();
        for (String path : queue) {
          if (glob.matches(path)) {
            filtered.add(path);
          }
        }
        switch (rule.type()) {
          case CREATE -> filtered.stream()
              .filter(p -> productMap.containsKey(p) && !materials.containsKey(p)).forEach(consumed::add);
          case DELETE -> filtered.stream()
              .filter(p -> materials.containsKey(p) && !productMap.containsKey(p)).forEach(consumed::add);
          case MODIFY -> filtered.stream()
              .filter(p -> materials.containsKey(p) && productMap.containsKey(p)
                  && !materials.get(p).equals(productMap.get(p)))
              .forEach(consumed::add);
          case ALLOW -> consumed.addAll(filtered);
          case DISALLOW -> {
            if (!filtered.isEmpty()) {
              throw VerificationException.invalid(CheckId.INTOTO_ARTIFACT_RULE, stepName + " " + list + ": rule ["
                  + rule + "] disallows " + describe(filtered));
            }
          }
          case REQUIRE -> {
            if (!queue.contains(rule.pattern())) {
              throw VerificationException.invalid(CheckId.INTOTO_ARTIFACT_RULE, stepName + " " + list + ": rule ["
                  + rule + "] requires " + rule.pattern() + ", which is not among the artifacts left");
            }
          }
          case MATCH -> throw new IllegalStateException("handled above");
        }
      }
      queue.removeAll(consumed);
    }
  }

  /** in-toto's {@code verify_match_rule}: the queued artifacts (under IN prefix) whose hashes the named step recorded. */
  private static Set<String> match(ArtifactRule rule, Set<String> queue, Map<String, Map<String, String>> source,
      Map<String, Link> links) {
    Set<String> consumed = new LinkedHashSet<>();
    Link destination = links.get(rule.destinationStep());
    if (destination == null) {
      // As in-toto: a MATCH against a step without a link consumes nothing; a later DISALLOW decides.
      return consumed;
    }
    Map<String, Map<String, String>> destinationArtifacts =
        rule.destinationProducts() ? destination.products() : destination.materials();
    String sourcePrefix = rule.sourcePrefix().isEmpty() ? "" : withSlash(rule.sourcePrefix());
    Glob glob = Glob.compile(rule.pattern());
    for (String path : queue) {
      if (!path.startsWith(sourcePrefix)) {
        continue;
      }
      String relative = path.substring(sourcePrefix.length());
      if (!glob.matches(relative)) {
        continue;
      }
      String destinationPath = join(rule.destinationPrefix(), relative);
      Map<String, String> destinationHashes = destinationArtifacts.get(destinationPath);
      if (destinationHashes != null && Objects.equals(source.get(join(rule.sourcePrefix(), relative)), destinationHashes)) {
        consumed.add(join(rule.sourcePrefix(), relative));
      }
    }
    return consumed;
  }

  private static String withSlash(String prefix) {
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** Python's {@code os.path.join(prefix, path)} on POSIX. */
  private static String join(String prefix, String path) {
    if (prefix.isEmpty() || path.startsWith("/")) {
      return path;
    }
    return withSlash(prefix) + path;
  }

  private static String describe(List<String> artifacts) {
    List<String> shown = artifacts.subList(0, Math.min(artifacts.size(), 10));
    return String.join(", ", shown) + (artifacts.size() > shown.size()
        ? " and " + (artifacts.size() - shown.size()) + " more" : "");
  }
}
