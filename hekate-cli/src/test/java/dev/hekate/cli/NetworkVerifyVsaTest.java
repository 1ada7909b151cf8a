package dev.hekate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import dev.hekate.core.vsa.Dsse;
import dev.hekate.core.vsa.LocalKeySigner;
import dev.hekate.core.vsa.VerificationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hekate network verify-vsa}: one summary checked offline, as slsa-verifier's verify-vsa checks it. */
class NetworkVerifyVsaTest {
  private static final LocalKeySigner KEY = LocalKeySigner.generate();
  private static final String PURL = "pkg:npm/left-pad@1.3.0";
  private static final byte[] SHA512 = new byte[64];
  private static final String HEX = HexFormat.of().formatHex(SHA512);

  @TempDir
  Path dir;

  private Path summary(String result, String... levels) throws Exception {
    ObjectNode s = Json.newObject();
    s.put("_type", VerificationSummary.STATEMENT_TYPE);
    ObjectNode subject = s.putArray("subject").addObject();
    subject.put("name", PURL);
    subject.putObject("digest").put("sha512", HEX);
    s.put("predicateType", VerificationSummary.PREDICATE_TYPE);
    ObjectNode p = s.putObject("predicate");
    p.putObject("verifier").put("id", "https://hekate.test/");
    p.put("timeVerified", Instant.now().minusSeconds(60).toString().replaceAll("\\.\\d+Z", "Z"));
    p.put("resourceUri", PURL);
    p.put("verificationResult", result);
    var array = p.putArray("verifiedLevels");
    for (String level : levels) {
      array.add(level);
    }
    Path file = dir.resolve("vsa-" + result + ".json");
    Files.writeString(file, Json.write(Dsse.sign(s, KEY)));
    return file;
  }

  private CliRun run(Path summary, LocalKeySigner key, String... more) throws Exception {
    Path pem = dir.resolve(key.keyId() + ".pub");
    Files.writeString(pem, key.publicKeyPem());
    List<String> args = new ArrayList<>(List.of("network", "verify-vsa", summary.toString(), "--key", pem.toString(),
        "--verifier-id", "https://hekate.test/", "--resource-uri", PURL));
    if (List.of(more).stream().noneMatch(a -> a.equals("--integrity") || a.equals("--subject-digest"))) {
      args.addAll(List.of("--subject-digest", "sha512:" + HEX));
    }
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aValidSummaryIsItsResultAndEveryExpectationIsChecked() throws Exception {
    Path passed = summary("PASSED", "SLSA_BUILD_LEVEL_2", "HEKATE_NPM_PUBLISH_ATTESTED");
    CliRun ok = run(passed, KEY, "--verified-level", "SLSA_BUILD_LEVEL_2");
    assertEquals(0, ok.exit(), ok::toString);
    assertTrue(ok.out().startsWith("PASSED"), ok::toString);
    CliRun sri = run(passed, KEY, "--integrity", "sha512-" + Base64.getEncoder().encodeToString(SHA512));
    assertEquals(0, sri.exit(), sri::toString);

    CliRun failed = run(summary("FAILED", "FAILED"), KEY);
    assertEquals(1, failed.exit(), failed::toString);
    assertTrue(failed.out().startsWith("FAILED"), failed::toString);

    CliRun l3 = run(passed, KEY, "--verified-level", "SLSA_BUILD_LEVEL_3");
    assertEquals(1, l3.exit(), l3::toString);
    assertTrue(l3.out().contains("level_missing"), l3::toString);
    CliRun otherKey = run(passed, LocalKeySigner.generate());
    assertTrue(otherKey.exit() == 1 && otherKey.out().contains("unknown_key"), otherKey::toString);
    CliRun otherDigest = run(passed, KEY, "--subject-digest", "sha512:" + "1".repeat(128));
    assertTrue(otherDigest.exit() == 1 && otherDigest.out().contains("subject_mismatch"), otherDigest::toString);
  }

  @Test
  void ambiguousOrMalformedExpectationsAreUsageErrors() throws Exception {
    Path passed = summary("PASSED", "SLSA_BUILD_LEVEL_2");
    CliRun both = run(passed, KEY, "--integrity", "sha512-AAAA", "--subject-digest", "sha512:" + HEX);
    assertEquals(2, both.exit(), both::toString);
    CliRun short_ = run(passed, KEY, "--subject-digest", "sha512:abc");
    assertEquals(2, short_.exit(), short_::toString);
    CliRun none = CliRun.of("network", "verify-vsa", "--key", "x");
    assertEquals(2, none.exit(), none::toString);
  }
}
