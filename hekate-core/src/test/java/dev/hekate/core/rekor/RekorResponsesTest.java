package dev.hekate.core.rekor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hekate.core.bundle.TlogEntry;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.json.JsonFormatException;
import dev.hekate.core.json.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** How Rekor's search and entry answers are read: bounded, checked before any id reaches a URL. */
class RekorResponsesTest {
  private static final String TREE = "362f8ecba72f4326";
  private static final byte[] BODY =
      "{\"apiVersion\":\"0.0.1\",\"kind\":\"intoto\",\"spec\":{}}".getBytes(StandardCharsets.UTF_8);

  private static String uuidOf(byte[] body) {
    return TREE + Encoding.toHex(Keys.sha256(new byte[] {0}, body));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hexId(int i) {
    return String.format(Locale.ROOT, "%064x", i);
  }

  private static String entryAnswer(String uuid, byte[] body) {
    return """
        {"%s":{"body":"%s","integratedTime":1660583053,"logID":"%s","logIndex":3188713,
          "verification":{"inclusionProof":{"checkpoint":"rekor.test - 1\\n2\\nAA==\\n\\n","hashes":["%s"],
            "logIndex":5,"rootHash":"%s","treeSize":9},"signedEntryTimestamp":"MEUCIQ=="}}}
        """.formatted(uuid, Encoding.toBase64(body), "c0".repeat(32), "ab".repeat(32), "cd".repeat(32));
  }

  @Test
  void aSearchKeepsTheFirstDistinctIdsUpToTheBound() throws JsonFormatException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ids.add("\"" + hexId(i) + "\"");
      ids.add("\"" + hexId(i) + "\"");
    }
    LogSearch.Search.Found found = RekorResponses.search(utf8("[" + String.join(",", ids) + "]"));
    assertEquals(Limits.MAX_REKOR_CANDIDATES, found.uuids().size());
    assertEquals(5000, found.listed());
    assertEquals(hexId(0), found.uuids().get(0).hex());
    assertEquals(hexId(31), found.uuids().get(31).hex());
  }

  @Test
  void anEmptySearchFindsNothing() throws JsonFormatException {
    assertEquals(0, RekorResponses.search(utf8("[]")).uuids().size());
  }

  @Test
  void aSearchWithAnythingButEntryIdsIsRefusedWhole() {
    String good = "\"" + hexId(1) + "\"";
    for (String bad : List.of("\"../../etc/passwd\"", "\"" + hexId(2).toUpperCase(Locale.ROOT).replace('0', 'A') + "\"",
        "\"" + hexId(3).substring(1) + "\"", "\"" + TREE + hexId(4) + "0\"", "\"" + hexId(5) + "/x\"",
        "\"" + hexId(6) + "?a=b\"", "\"%2e%2e\"", "\"\"", "12", "null", "{}", "[]")) {
      assertThrows(JsonFormatException.class, () -> RekorResponses.search(utf8("[" + good + "," + bad + "]")), bad);
    }
    for (String notAList : List.of("{}", "\"" + hexId(1) + "\"", "not json", "")) {
      assertThrows(JsonFormatException.class, () -> RekorResponses.search(utf8(notAList)), notAList);
    }
  }

  @Test
  void entryIdsAreHexOfTheRightLength() {
    assertTrue(EntryUuid.parse(hexId(7)).isPresent());
    assertTrue(EntryUuid.parse(TREE + hexId(7)).isPresent());
    assertTrue(EntryUuid.parse(hexId(7) + "00").isEmpty());
    assertTrue(EntryUuid.parse("g" + hexId(7).substring(1)).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new EntryUuid("../" + hexId(7)));
  }

  @Test
  void anEntryAnswerBecomesTheBundlesLogEntry() throws JsonFormatException {
    String uuid = uuidOf(BODY);
    TlogEntry entry = RekorResponses.entry(utf8(entryAnswer(uuid, BODY)), new EntryUuid(uuid));
    assertEquals("intoto/0.0.1", entry.kindVersion());
    assertEquals(3188713, entry.logIndex());
    assertEquals(1660583053, entry.integratedTime().orElseThrow().getEpochSecond());
    assertEquals("c0".repeat(32), entry.logId().hex());
    assertArrayEquals(BODY, entry.canonicalizedBody());
    var proof = entry.inclusionProof().orElseThrow();
    assertEquals(5, proof.logIndex());
    assertEquals(9, proof.treeSize());
    assertArrayEquals(Encoding.hex("cd".repeat(32)).orElseThrow(), proof.rootHash());
    assertTrue(entry.signedEntryTimestamp().isPresent());
  }

  @Test
  void anEntryAskedWithoutItsTreeIdIsTheSameEntry() throws JsonFormatException {
    String uuid = uuidOf(BODY);
    RekorResponses.entry(utf8(entryAnswer(uuid, BODY)), new EntryUuid(uuid.substring(16)));
  }

  @Test
  void anAnswerForAnotherEntryIsRefused() {
    String uuid = uuidOf(BODY);
    byte[] other = utf8("{\"apiVersion\":\"0.0.1\",\"kind\":\"intoto\",\"spec\":{\"x\":1}}");
    // Names another id than asked.
    assertThrows(JsonFormatException.class,
        () -> RekorResponses.entry(utf8(entryAnswer(uuidOf(other), other)), new EntryUuid(uuid)));
    // Names the id asked, with another body.
    assertThrows(JsonFormatException.class,
        () -> RekorResponses.entry(utf8(entryAnswer(uuid, other)), new EntryUuid(uuid)));
    // The same leaf in another tree.
    String otherTree = "0000000000000001" + uuid.substring(16);
    assertThrows(JsonFormatException.class,
        () -> RekorResponses.entry(utf8(entryAnswer(otherTree, BODY)), new EntryUuid(uuid)));
    // Two entries.
    String two = entryAnswer(uuid, BODY).strip();
    String doubled = two.substring(0, two.length() - 1) + ",\"" + uuidOf(other) + "\":{}}";
    assertThrows(JsonFormatException.class, () -> RekorResponses.entry(utf8(doubled), new EntryUuid(uuid)));
  }

  @Test
  void anEntryWithoutItsProofsIsRefused() {
    String uuid = uuidOf(BODY);
    String answer = entryAnswer(uuid, BODY);
    for (String stripped : List.of(answer.replace("\"signedEntryTimestamp\":\"MEUCIQ==\"", "\"x\":1"),
        answer.replace("\"inclusionProof\"", "\"proof\""), answer.replace("\"checkpoint\"", "\"cp\""))) {
      assertThrows(JsonFormatException.class, () -> RekorResponses.entry(utf8(stripped), new EntryUuid(uuid)));
    }
  }

  /** A time no instant can hold is malformed input (JsonFormatException), never a crash of the lookup. */
  @Test
  void anIntegratedTimeBeyondAnyInstantIsRefused() {
    String uuid = uuidOf(BODY);
    for (String time : List.of("9223372036854775807", "-1", "31556889864403200")) {
      String answer = entryAnswer(uuid, BODY).replace("\"integratedTime\":1660583053", "\"integratedTime\":" + time);
      assertThrows(JsonFormatException.class, () -> RekorResponses.entry(utf8(answer), new EntryUuid(uuid)), time);
    }
  }
}
