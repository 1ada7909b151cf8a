package dev.hekate.core.intoto;

import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.CheckResult;
import dev.hekate.core.result.Checks;
import dev.hekate.core.result.Outcome;
import dev.hekate.core.result.VerificationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code hekate verify-layout}: in-toto-verify's final product verification (in-toto
 * specification v1.0, section 5.2), without I/O: the links come from a {@link LinkSource}, the time
 * is given, inspections run only through an {@link InspectionRunner} the caller supplies.
 *
 * <p>Guarantees: verified only if every layout key signed the layout, it had not expired at
 * {@code time}, each step has valid links from at least {@code threshold} distinct functionaries
 * that agree on materials and products, every inspection ran, and every artifact rule of every
 * step and inspection holds; a step whose link is a sublayout has it verified the same way, with
 * the functionary's key as layout key and its links in {@code <step>.<keyid[:8]>}. Anything not
 * supported (certificates, other key types, other DSSE payload types) fails
 * {@code intoto.unsupported}; it never passes. Does not throw for bad input.
 */
public final class LayoutVerifier {
  private final List<InTotoKey> layoutKeys;
  private final LinkSource links;
  private final Optional<InspectionRunner> inspections;

  public LayoutVerifier(List<InTotoKey> layoutKeys, LinkSource links, Optional<InspectionRunner> inspections) {
    this.layoutKeys = List.copyOf(layoutKeys);
    this.links = Objects.requireNonNull(links, "links");
    this.inspections = Objects.requireNonNull(inspections, "inspections");
  }

  /** Verifies the layout file {@code layoutBytes} at {@code time}. */
  public LayoutVerification verify(byte[] layoutBytes, Instant time) {
    return verify(layoutBytes, time, Map.of());
  }

  /**
   * Verifies the layout file {@code layoutBytes} at {@code time} and, with {@code products} (path to
   * SHA-256 hex), that each is a product of the verified supply chain ({@code intoto.product}): the
   * last step, in the layout's order, whose link records the path records that digest. A path no
   * step produced, or another digest, fails. Inspections' products are not the chain's products.
   */
  public LayoutVerification verify(byte[] layoutBytes, Instant time, Map<String, String> products) {
    Checks checks = new Checks();
    checks.plan(CheckId.INTOTO_FORMAT, CheckId.INTOTO_UNSUPPORTED, CheckId.INTOTO_LAYOUT_SIGNATURE,
        CheckId.INTOTO_EXPIRED, CheckId.INTOTO_LINK_SIGNATURE, CheckId.INTOTO_THRESHOLD, CheckId.INTOTO_INSPECTION,
        CheckId.INTOTO_ARTIFACT_RULE);
    if (!products.isEmpty()) {
      checks.plan(CheckId.INTOTO_PRODUCT);
    }
    try {
      Metablock block = read(checks, () -> Metablock.parse(layoutBytes, "the layout"));
      Verified verified = verifyLayout(checks, block, layoutKeys, links, time, 0, new long[] {0, 0});
      if (!products.isEmpty()) {
        checks.run(CheckId.INTOTO_PRODUCT, products.size() + " artifact(s) produced by the supply chain",
            () -> products(verified, products));
      }
      checks.errorUnrun();
    } catch (Checks.Stop stop) {
      // recorded: the checks after it are NOT_RUN
    } catch (RuntimeException e) {
      // Hekate's own fault outside a check body (reading input no decoder expected): ERROR, never verified
      try {
        checks.record(CheckResult.error(CheckId.INTOTO_FORMAT, "internal error while reading the layout or links ("
            + e.getClass().getSimpleName() + ")", e));
      } catch (Checks.Stop stop) {
        // recorded
      }
    }
    return new LayoutVerification(checks.allPassed(), checks.results());
  }

  /** A layout that verified, with the link of each step and inspection (one per step: they agree). */
  private record Verified(Layout layout, Map<String, Link> links) {}

  /** Section 5.2 for one layout: the root layout, or a sublayout with its functionary's key as layout key. */
  private Verified verifyLayout(Checks checks, Metablock block, List<InTotoKey> keys, LinkSource source, Instant time,
      int depth, long[] budget) throws Checks.Stop {
    // 5.2 (1): the layout is signed by every layout key.
    checks.run(CheckId.INTOTO_LAYOUT_SIGNATURE, "signed by every layout key", () -> layoutSignatures(block, keys));
    Layout layout = read(checks, () -> Layout.parse(block.signed()));
    // 5.2 (2): the layout has not expired.
    checks.run(CheckId.INTOTO_EXPIRED, "expires " + layout.expires(), () -> expiry(layout, time));
    // 5.2 (3)–(4): each step's links, signed by its functionaries, threshold of them agreeing.
    Map<String, List<Link>> stepLinks = new LinkedHashMap<>();
    Map<String, List<String>> badLinks = new LinkedHashMap<>();
    loadLinks(checks, layout, source, time, depth, budget, stepLinks, badLinks);
    checks.passed(CheckId.INTOTO_FORMAT, "layout and links well-formed");
    checks.passed(CheckId.INTOTO_UNSUPPORTED, "nothing unsupported used");
    checks.run(CheckId.INTOTO_LINK_SIGNATURE, "enough links of each step verify", () -> enoughSigned(layout,
        stepLinks, badLinks));
    Map<String, Link> reduced = checks.run(CheckId.INTOTO_THRESHOLD, "each step's threshold met, links agree",
        () -> thresholds(layout, stepLinks));
    for (Layout.Step step : layout.steps()) {
      Link link = reduced.get(step.name());
      if (!step.expectedCommand().isEmpty() && !step.expectedCommand().equals(link.command())) {
        checks.warned(CheckId.INTOTO_COMMAND, "step " + step.name() + " ran " + link.command() + ", expected "
            + step.expectedCommand());
      }
    }
    // 5.2 (5): inspections — run only when the caller supplies a runner.
    checks.run(CheckId.INTOTO_INSPECTION, layout.inspections().isEmpty() ? "no inspections" : "inspections ran",
        () -> runInspections(layout, reduced));
    // 5.2 (6): every artifact rule, in order, with in-toto's queue.
    checks.run(CheckId.INTOTO_ARTIFACT_RULE, "every artifact rule holds", () -> rules(layout, reduced));
    return new Verified(layout, reduced);
  }

  /**
   * A sublayout in a step's place (in-toto's {@code verify_sublayouts}): verified as a layout
   * signed by the functionary's key, with its links in the subdirectory {@code <step>.<keyid[:8]>},
   * and summarised as one link of the step: the first step's materials, the last step's products.
   * A failure inside is the parent's failure, under the same check id, prefixed with where.
   */
  private Link sublayout(Checks checks, Metablock block, InTotoKey key, Layout.Step step, String directory,
      LinkSource source, Instant time, int depth, long[] budget) throws Checks.Stop {
    if (depth + 1 > Limits.MAX_INTOTO_SUBLAYOUT_DEPTH) {
      throw checks.fail(VerificationException.invalid(CheckId.INTOTO_UNSUPPORTED, "sublayout " + directory
          + ": sublayouts nested deeper than " + Limits.MAX_INTOTO_SUBLAYOUT_DEPTH + " are not supported"));
    }
    LinkSource subSource = read(checks, () -> source.directory(directory));
    Checks sub = new Checks();
    Verified verified;
    try {
      verified = verifyLayout(sub, block, List.of(key), subSource, time, depth + 1, budget);
    } catch (Checks.Stop stop) {
      CheckResult problem = sub.results().stream()
          .filter(c -> c.outcome() != Outcome.PASSED && c.outcome() != Outcome.WARNING && c.outcome() != Outcome.NOT_RUN)
          .findFirst().orElseThrow(() -> new IllegalStateException("a sublayout stopped without a problem"));
      checks.record(new CheckResult(problem.id(), problem.outcome(), "sublayout " + directory + " (step "
          + step.name() + "): " + problem.detail(), problem.kind(), problem.expected(), problem.actual(),
          problem.cause()));
      throw new IllegalStateException("a recorded problem stops the pipeline");
    }
    for (CheckResult warning : sub.results()) {
      if (warning.outcome() == Outcome.WARNING) {
        checks.warned(warning.id(), "sublayout " + directory + ": " + warning.detail());
      }
    }
    List<Layout.Step> steps = verified.layout().steps();
    if (steps.isEmpty()) {
      throw checks.fail(VerificationException.invalid(CheckId.INTOTO_FORMAT, "sublayout " + directory
          + " has no steps to summarise"));
    }
    Link first = verified.links().get(steps.get(0).name());
    Link last = verified.links().get(steps.get(steps.size() - 1).name());
    return new Link(step.name(), last.command(), first.materials(), last.products());
  }

  private interface Reader<T> {
    T read() throws InTotoFormatException, UnsupportedInTotoException;
  }

  /** Reads with {@code intoto.format} for malformed input and {@code intoto.unsupported} for what is not supported. */
  private static <T> T read(Checks checks, Reader<T> reader) throws Checks.Stop {
    try {
      return reader.read();
    } catch (InTotoFormatException e) {
      throw checks.fail(VerificationException.invalid(CheckId.INTOTO_FORMAT, e.getMessage()));
    } catch (UnsupportedInTotoException e) {
      throw checks.fail(VerificationException.invalid(CheckId.INTOTO_UNSUPPORTED, e.getMessage()));
    }
  }

  private static void layoutSignatures(Metablock block, List<InTotoKey> keys) throws VerificationException {
    if (keys.isEmpty()) {
      throw VerificationException.invalid(CheckId.INTOTO_LAYOUT_SIGNATURE, "no layout key given");
    }
    for (InTotoKey key : keys) {
      if (!SignatureVerifier.signedBy(block, key)) {
        throw VerificationException.invalid(CheckId.INTOTO_LAYOUT_SIGNATURE, "the layout has no valid signature by"
            + " layout key " + key.keyId());
      }
    }
  }

  private static void expiry(Layout layout, Instant time) throws VerificationException {
    if (time.isAfter(layout.expires())) {
      throw VerificationException.mismatch(CheckId.INTOTO_EXPIRED, "the layout expired at " + layout.expires(),
          "verification time before " + layout.expires(), time.toString());
    }
  }

  /** in-toto's {@code load_links_for_layout} and signature check: a link per functionary key, if its file exists and verifies. */
  /** {@code budget}: link files and bytes read so far, across sublayouts, bounded by {@link Limits}. */
  private void loadLinks(Checks checks, Layout layout, LinkSource source, Instant time, int depth, long[] budget,
      Map<String, List<Link>> stepLinks, Map<String, List<String>> badLinks) throws Checks.Stop {
    for (Layout.Step step : layout.steps()) {
      List<Link> verified = new ArrayList<>();
      List<String> bad = new ArrayList<>();
      for (String keyId : new java.util.LinkedHashSet<>(step.pubkeys())) {
        if (++budget[0] > Limits.MAX_INTOTO_LINK_FILES) {
          throw checks.fail(VerificationException.invalid(CheckId.INTOTO_FORMAT, "the layout names more than "
              + Limits.MAX_INTOTO_LINK_FILES + " link files"));
        }
        String baseName = step.name() + "." + keyId.substring(0, Math.min(8, keyId.length()));
        String fileName = baseName + ".link";
        Optional<byte[]> bytes = read(checks, () -> source.read(fileName));
        if (bytes.isEmpty()) {
          continue;
        }
        budget[1] += bytes.get().length;
        if (budget[1] > Limits.MAX_INTOTO_LINK_BYTES) {
          throw checks.fail(VerificationException.invalid(CheckId.INTOTO_FORMAT, "the links of the layout are more"
              + " than " + Limits.MAX_INTOTO_LINK_BYTES + " bytes in all"));
        }
        Metablock block = read(checks, () -> Metablock.parse(bytes.get(), fileName));
        InTotoKey key = layout.keys().get(keyId);
        if (key == null) {
          bad.add(fileName + " (the layout has no key " + keyId + ")");
          continue;
        }
        if (!SignatureVerifier.signedBy(block, key)) {
          bad.add(fileName + " (no valid signature by functionary " + keyId + ")");
          continue;
        }
        if (Link.isLayout(block.signed())) {
          verified.add(sublayout(checks, block, key, step, baseName, source, time, depth, budget));
          continue;
        }
        Link link = read(checks, () -> Link.parse(block.signed(), fileName));
        if (!link.name().equals(step.name())) {
          bad.add(fileName + " (a link of step " + link.name() + ")");
        } else {
          verified.add(link);
        }
      }
      stepLinks.put(step.name(), verified);
      badLinks.put(step.name(), bad);
    }
  }

  /** A step short of its threshold because links did not verify fails here, naming them. */
  private static void enoughSigned(Layout layout, Map<String, List<Link>> stepLinks, Map<String, List<String>> badLinks)
      throws VerificationException {
    for (Layout.Step step : layout.steps()) {
      List<String> bad = badLinks.get(step.name());
      if (stepLinks.get(step.name()).size() < step.threshold() && !bad.isEmpty()) {
        throw VerificationException.invalid(CheckId.INTOTO_LINK_SIGNATURE, "step " + step.name() + ": "
            + String.join("; ", bad) + "; " + stepLinks.get(step.name()).size() + " valid of threshold "
            + step.threshold());
      }
    }
  }

  /** in-toto's threshold checks; returns one link per step (they all agree). */
  private static Map<String, Link> thresholds(Layout layout, Map<String, List<Link>> stepLinks)
      throws VerificationException {
    Map<String, Link> reduced = new LinkedHashMap<>();
    for (Layout.Step step : layout.steps()) {
      List<Link> verified = stepLinks.get(step.name());
      if (verified.size() < step.threshold()) {
        throw VerificationException.mismatch(CheckId.INTOTO_THRESHOLD, "step " + step.name() + ": links from "
            + verified.size() + " functionaries, threshold " + step.threshold(), String.valueOf(step.threshold()),
            String.valueOf(verified.size()));
      }
      Link first = verified.get(0);
      for (Link other : verified) {
        if (!other.materials().equals(first.materials()) || !other.products().equals(first.products())) {
          throw VerificationException.invalid(CheckId.INTOTO_THRESHOLD, "step " + step.name()
              + ": functionaries' links disagree on materials or products");
        }
      }
      reduced.put(step.name(), first);
    }
    return reduced;
  }

  private void runInspections(Layout layout, Map<String, Link> reduced) throws VerificationException {
    if (layout.inspections().isEmpty()) {
      return;
    }
    if (inspections.isEmpty()) {
      List<String> names = layout.inspections().stream().map(Layout.Inspection::name).toList();
      throw VerificationException.invalid(CheckId.INTOTO_INSPECTION, "inspections not run: " + names
          + " (in-toto-verify would run them; Hekate runs them only on the command line, with --run-inspections,"
          + " never in its service): not verified");
    }
    for (Layout.Inspection inspection : layout.inspections()) {
      reduced.put(inspection.name(), inspections.get().run(inspection));
    }
  }

  /** Each named artifact is what the last step recording its path produced. */
  private static void products(Verified verified, Map<String, String> products) throws VerificationException {
    for (Map.Entry<String, String> artifact : products.entrySet()) {
      Optional<Map<String, String>> produced = Optional.empty();
      String producer = "";
      for (Layout.Step step : verified.layout().steps()) {
        Map<String, String> hashes = verified.links().get(step.name()).products().get(artifact.getKey());
        if (hashes != null) {
          produced = Optional.of(hashes);
          producer = step.name();
        }
      }
      if (produced.isEmpty()) {
        throw VerificationException.mismatch(CheckId.INTOTO_PRODUCT, "no step of the layout produced "
            + artifact.getKey(), "a product of a step", "not among any step's products");
      }
      String recorded = produced.get().get("sha256");
      if (recorded == null) {
        throw VerificationException.mismatch(CheckId.INTOTO_PRODUCT, "step " + producer + " recorded "
            + artifact.getKey() + " without a sha256", "sha256:" + artifact.getValue(), produced.get().toString());
      }
      if (!recorded.equalsIgnoreCase(artifact.getValue())) {
        throw VerificationException.mismatch(CheckId.INTOTO_PRODUCT, "step " + producer + " produced another "
            + artifact.getKey(), "sha256:" + recorded, "sha256:" + artifact.getValue());
      }
    }
  }

  private static void rules(Layout layout, Map<String, Link> links) throws VerificationException {
    for (Layout.Step step : layout.steps()) {
      Link link = links.get(step.name());
      ArtifactRules.apply("step " + step.name(), step.materialRules(), false, link, links);
      ArtifactRules.apply("step " + step.name(), step.productRules(), true, link, links);
    }
    for (Layout.Inspection inspection : layout.inspections()) {
      Link link = links.get(inspection.name());
      ArtifactRules.apply("inspection " + inspection.name(), inspection.materialRules(), false, link, links);
      ArtifactRules.apply("inspection " + inspection.name(), inspection.productRules(), true, link, links);
    }
  }
}
