package dev.hekate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.cli.store.SqliteVerdictStore;
import dev.hekate.core.json.Json;
import dev.hekate.core.npm.Verdict;
import dev.hekate.core.registry.PackageSpec;
import dev.hekate.core.service.PackageNotFoundException;
import dev.hekate.core.store.Check;
import dev.hekate.core.store.RegistryAnswer;
import dev.hekate.core.store.VerdictStore;
import dev.hekate.core.store.VersionKey;
import dev.hekate.lambda.ApiHandler;
import dev.hekate.lambda.VerdictService;
import dev.hekate.lambda.local.LocalServer;
import dev.hekate.lambda.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A verdict store holding a small, hostile history of {@value #NAME}: a plain version, one whose
 * registry answer changed between two checks, a regression, one whose repository, message and run
 * URL carry markup and quotes, and one whose stored verdict is not JSON.
 */
final class HistoryFixture {
  static final String REGISTRY = "https://registry.npmjs.org/";
  static final String NAME = "@acme/widget";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String HOSTILE_REPOSITORY = "https://github.com/acme/" + SCRIPT + "\"'";
  static final String HOSTILE_MESSAGE = "moved to " + SCRIPT + " \"'\u001b[31m";

  private HistoryFixture() {}

  /** A fresh SQLite store in {@code dir} with the history above. */
  static SqliteVerdictStore store(Path dir) throws Exception {
    SqliteVerdictStore store = SqliteVerdictStore.open(dir.resolve("verdicts.db"));
    fill(store);
    return store;
  }

  static void fill(VerdictStore store) throws Exception {
    Instant jan = Instant.parse("2026-01-05T10:00:00Z");
    Instant feb = Instant.parse("2026-02-05T10:00:00Z");
    Instant mar = Instant.parse("2026-03-05T10:00:00Z");
    Instant apr = Instant.parse("2026-04-05T10:00:00Z");
    Instant checked = Instant.parse("2026-05-01T00:00:00Z");

    record(store, "1.0.0", "VERIFIED", Optional.of("provenance"), false, jan, checked,
        verdict("1.0.0", "VERIFIED", "provenance", false, "https://github.com/acme/widget",
            ".github/workflows/release.yml@refs/tags/v1.0.0", "https://github.com/acme/widget/actions/runs/111/attempts/1",
            "https://rekor.sigstore.dev/api/v1/log/entries?logIndex=1001", 1001));

    // Checked twice: the registry served another integrity the second time.
    ObjectNode changed = verdict("1.1.0", "VERIFIED", "provenance", false, "https://github.com/acme/widget",
        ".github/workflows/release.yml@refs/tags/v1.1.0", "https://github.com/acme/widget/actions/runs/222",
        "https://rekor.sigstore.dev/api/v1/log/entries?logIndex=2002", 2002);
    record(store, "1.1.0", "VERIFIED", Optional.of("provenance"), false, feb, checked, changed);
    finding(changed, "registry_answer_changed",
        "integrity: the registry's answer for this version differs from the one stored at an earlier check",
        "sha512-first", "sha512-second");
    store.record(key("1.1.0"), new Check(checked.plusSeconds(3600), "VERIFIED", Optional.of("provenance"), false,
        Json.write(changed), answer("sha512-second", feb)));

    ObjectNode regression = verdict("1.2.0", "MISSING", "none", true, "", "", "", "", -1);
    finding(regression, "provenance_regression", "an earlier version had provenance; this one has none", null, null);
    finding(regression, "trust_downgrade", "the tier is below an earlier version's", "provenance (1.1.0)", "none");
    record(store, "1.2.0", "MISSING", Optional.of("none"), true, mar, checked, regression);

    ObjectNode hostile = verdict("1.3.0", "VERIFIED", "provenance", false, HOSTILE_REPOSITORY,
        ".github/workflows/" + SCRIPT + ".yml", "javascript:alert(1)",
        "https://evil.example/api/v1/log/entries?logIndex=3003", 3003);
    finding(hostile, "repository_changed", HOSTILE_MESSAGE, "https://github.com/acme/widget", HOSTILE_REPOSITORY);
    record(store, "1.3.0", "VERIFIED", Optional.of("provenance"), false, apr, checked, hostile);

    store.record(key("0.9.0"), new Check(checked, "VERIFIED", Optional.of("provenance"), false, "{not json",
        answer("sha512-old", Instant.parse("2025-12-01T00:00:00Z"))));
  }

  static VersionKey key(String version) {
    return new VersionKey(REGISTRY, NAME, version);
  }

  private static void record(VerdictStore store, String version, String status, Optional<String> tier,
      boolean regression, Instant published, Instant at, ObjectNode verdict) throws Exception {
    store.record(key(version), new Check(at, status, tier, regression, Json.write(verdict),
        answer(version.equals("1.1.0") ? "sha512-first" : "sha512-" + version, published)));
  }

  private static RegistryAnswer answer(String integrity, Instant published) {
    return new RegistryAnswer(Optional.of("ab".repeat(32)), integrity, Optional.of(published), "");
  }

  /** A verdict in VerdictJson's shape, with the evidence a history shows. */
  static ObjectNode verdict(String version, String status, String tier, boolean regression, String repository,
      String workflow, String runUrl, String entryUrl, long logIndex) {
    ObjectNode v = Json.newObject();
    v.put("package", NAME);
    v.put("version", version);
    v.put("status", status);
    v.put("regression", regression);
    v.put("tier", tier);
    v.putArray("checks");
    v.putArray("findings");
    ObjectNode evidence = v.putObject("evidence");
    if (!repository.isEmpty()) {
      evidence.put("sourceRepository", repository);
      evidence.put("commit", "0123456789abcdef0123456789abcdef01234567");
      evidence.put("workflow", workflow);
      evidence.put("runUrl", runUrl);
    }
    ArrayNode log = evidence.putArray("transparencyLog");
    if (logIndex >= 0) {
      log.addObject().put("attestation", "provenance").put("logIndex", logIndex).put("entryUrl", entryUrl);
    }
    return v;
  }

  private static void finding(ObjectNode verdict, String type, String message, String expected, String actual) {
    ObjectNode f = ((ArrayNode) verdict.get("findings")).addObject();
    f.put("type", type);
    f.put("message", message);
    if (expected != null) {
      f.put("expected", expected);
    }
    if (actual != null) {
      f.put("actual", actual);
    }
  }

  /** A service that verifies nothing (every package is unknown) and keeps {@code store}, if any. */
  static VerdictService service(Optional<VerdictStore> store) {
    return new VerdictService() {
      @Override
      public Reached verify(PackageSpec spec) throws PackageNotFoundException {
        throw new PackageNotFoundException("no such package in this test: " + spec);
      }

      @Override
      public Optional<VerdictStore> store() {
        return store;
      }

      @Override
      public Health health() {
        return new Health(REGISTRY, false, false, Optional.empty());
      }
    };
  }

  /** A service answering {@code verdict} for every request, keeping {@code store}, if any. */
  static VerdictService answering(Verdict verdict, Optional<VerdictStore> store) {
    return new VerdictService() {
      @Override
      public Reached verify(PackageSpec spec) {
        return Reached.here(verdict);
      }

      @Override
      public Optional<VerdictStore> store() {
        return store;
      }

      @Override
      public Health health() {
        return new Health(REGISTRY, false, false, Optional.empty());
      }
    };
  }

  /** The API over loopback, as {@code hekate serve} runs it, for {@code service}; its log discarded. */
  static LocalServer serve(VerdictService service) throws Exception {
    JsonLog log = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true), Clock.systemUTC());
    return LocalServer.start(new ApiHandler(service, log), InetAddress.getLoopbackAddress(), 0, 4);
  }
}
