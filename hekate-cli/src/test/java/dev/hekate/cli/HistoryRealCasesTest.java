package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.npm.NpmVerifier;
import dev.hekate.core.npm.TrustExceptions;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.service.NpmService;
import dev.hekate.core.store.PackageHistory;
import dev.hekate.core.store.PackageHistory.Row;
import dev.hekate.core.store.VerdictRecorder;
import dev.hekate.core.store.VersionKey.PackageKey;
import dev.hekate.core.trust.EmbeddedTrust;
import dev.hekate.lambda.ClientWiring;
import dev.hekate.lambda.local.LocalServer;
import dev.hekate.testdata.RealData;
import dev.hekate.testdata.registry.FakeRegistry;
import dev.hekate.testdata.registry.PackageVersion;
import dev.hekate.testdata.registry.RealNpmCase;
import dev.hekate.testdata.registry.RealNpmCases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real package's history, end to end: the recorded registry.npmjs.org answers for sigstore
 * (1.3.0, 2.0.0, 2.1.0, 2.3.1 from ../shared/realdata) served by a loopback registry, verified by
 * {@link NpmService} with the embedded public-good trust, kept by {@link VerdictRecorder} in a
 * SQLite store; then a later 2.3.2 published without provenance (a regression), and 2.3.1 checked
 * again while the registry serves slsa-verifier's copy of its answer with the provenance edited
 * (the answer changed, and the verdict with it).
 *
 * <p>With the system property {@value #SCREENSHOT} set to a file, the history page of that store
 * is also painted there by headless Chromium: {@code scripts/history-screenshot} makes
 * docs/history.png so.
 */
class HistoryRealCasesTest {
  static final String SCREENSHOT = "hekate.history.screenshot";
  /** The registry the recorded answers came from: the store keys them by it. */
  private static final String NPMJS = "https://registry.npmjs.org/";

  @TempDir
  Path dir;

  @Test
  void aRealPackagesHistory_showsItsVerdicts_theRegression_andTheChangedAnswer() throws Exception {
    RealData.require();
    try (SqliteVerdictStore store = SqliteVerdictStore.open(dir.resolve("verdicts.db"));
        FakeRegistry registry = FakeRegistry.start()) {
      List<RealNpmCase> cases = List.of(
          RealNpmCases.byId("sigstore-go-sigstore@1.3.0/DERIVED-attestations-response"),
          RealNpmCases.byId("sigstore-go-sigstore@2.0.0/sigstore.js@2.0.0-provenance.sigstore"),
          RealNpmCases.byId("gh-cli-sigstore-js-2.1.0/sigstore-js-2.1.0-bundle"),
          RealNpmCases.byId("slsa-verifier-cli/provenance-npm-test-cli-v1-prega"));
      for (RealNpmCase c : cases) {
        registry.publish(c);
      }
      RealNpmCase latest = cases.get(3);
      registry.publish(PackageVersion.builder("sigstore", "2.3.2")
          .tarball("a tarball of sigstore@2.3.2".getBytes(StandardCharsets.UTF_8))
          .noAttestations()
          .publishedAt(latest.publishedAt().plus(Duration.ofDays(1)))
          .build());

      Instant firstPass = Instant.parse("2026-12-01T09:00:00Z");
      check(registry, store, firstPass, List.of("1.3.0", "2.0.0", "2.1.0", "2.3.1", "2.3.2"));
      // A week later the registry serves 2.3.1's answer with the provenance edited.
      registry.publish(RealNpmCases.byId("slsa-verifier-cli/provenance-npm-test-cli-v1-prega-invalidsigprov"));
      check(registry, store, firstPass.plus(Duration.ofDays(7)), List.of("2.3.1"));

      PackageHistory history = PackageHistory.load(store, new PackageKey(NPMJS, "sigstore"), PackageHistory.DEFAULT_LIMIT);
      Map<String, Row> rows = history.versions().stream().collect(Collectors.toMap(Row::version, r -> r));
      assertEquals(List.of("2.3.2", "2.3.1", "2.1.0", "2.0.0", "1.3.0"),
          history.versions().stream().map(Row::version).toList());
      assertEquals("VERIFIED", rows.get("1.3.0").status());
      assertEquals("FAILED", rows.get("2.0.0").status());
      assertEquals("MISSING", rows.get("2.3.2").status());
      assertTrue(rows.get("2.3.2").regression());
      assertTrue(rows.get("2.3.2").findings().stream().anyMatch(f -> f.type().equals("provenance_regression")));
      Row changed = rows.get("2.3.1");
      assertEquals("FAILED", changed.status(), "the edited provenance fails");
      assertTrue(changed.answerChanged());
      assertTrue(changed.changes().stream().anyMatch(c -> c.difference().part().wireName().equals("attestations")));
      assertEquals("https://github.com/sigstore/sigstore-js", rows.get("1.3.0").evidence().sourceRepository());
      assertFalse(rows.get("1.3.0").evidence().logEntries().isEmpty());

      CliRun table = CliRun.of("history", "sigstore", "--store", store.file().toString());
      assertEquals(0, table.exit(), table.toString());
      assertTrue(table.out().lines().anyMatch(l -> l.startsWith("2.3.2 ") && l.endsWith("regression, drift")),
          table.out());
      assertTrue(table.out().lines().anyMatch(l -> l.startsWith("2.3.1 ") && l.endsWith("answer changed")),
          table.out());

      String target = System.getProperty(SCREENSHOT, "");
      if (!target.isEmpty()) {
        screenshot(store, Path.of(target));
      }
    }
  }

  /** Each version checked as the sweep or verify-npm would, at {@code at}, and recorded. */
  private static void check(FakeRegistry registry, SqliteVerdictStore store, Instant at, List<String> versions)
      throws Exception {
    NpmService service = ClientWiring.npmService(
        ClientWiring.registry(ClientWiring.Profile.COMMAND_LINE, registry.baseUrl()),
        new NpmVerifier(EmbeddedTrust.publicGoodTrustedRoot(), EmbeddedTrust.npmKeys()), Optional.empty(), true,
        TrustExceptions.NONE);
    VerdictRecorder recorder = new VerdictRecorder(store, NPMJS, Clock.fixed(at, ZoneOffset.UTC));
    for (String version : versions) {
      NpmService.Checked checked = service.check(PackageSpec.of("sigstore", version));
      recorder.record(checked.verdict(), checked.answer().orElseThrow());
    }
  }

  private void screenshot(SqliteVerdictStore store, Path png) throws Exception {
    Path chromium = HistoryPageBrowserTest.chromium();
    try (LocalServer server = HistoryFixture.serve(HistoryFixture.service(Optional.of(store)))) {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.deleteIfExists(png);
      new HistoryPageBrowserTest.Browser(chromium, dir).run("--screenshot=" + png.toAbsolutePath(),
          "--window-size=1280,900", server.url() + "/ui/npm/sigstore");
      assertTrue(Files.size(png) > 0, png + " was written");
    }
  }
}
