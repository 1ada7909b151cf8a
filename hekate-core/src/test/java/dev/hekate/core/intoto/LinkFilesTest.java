package dev.hekate.core.intoto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hekate.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Link files named by their contents ({@code POST /v1/in-toto/verify}): the names in-toto would give
 * the files, in either form; nothing is verified here (the signatures are made up), that is the
 * verifier's.
 */
class LinkFilesTest {

  private static ObjectNode link(String type, String name) {
    ObjectNode signed = Json.newObject();
    signed.put("_type", type);
    if (name != null) {
      signed.put("name", name);
    }
    signed.putObject("materials");
    signed.putObject("products");
    return signed;
  }

  private static byte[] metablock(ObjectNode signed, String... keyIds) {
    ObjectNode block = Json.newObject();
    block.set("signed", signed);
    ArrayNode signatures = block.putArray("signatures");
    for (String keyId : keyIds) {
      signatures.addObject().put("keyid", keyId).put("sig", "00");
    }
    return Json.write(block).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] dsse(ObjectNode body, String keyId) {
    ObjectNode envelope = Json.newObject();
    envelope.put("payloadType", Metablock.DSSE_PAYLOAD_TYPE);
    envelope.put("payload", Base64.getEncoder().encodeToString(Json.write(body).getBytes(StandardCharsets.UTF_8)));
    envelope.putArray("signatures").addObject().put("keyid", keyId).put("sig", "AA==");
    return Json.write(envelope).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aLinkIsNamedByItsStepAndEachSignersKeyIdPrefix() throws Exception {
    String alice = "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5";
    String bob = "2f89b9272acfc8f4a0a0f094d789fdb0ba798b0fe41f2f5f417c12f0085ff498";
    assertEquals(List.of("clone.776a00e2.link"), LinkFiles.names(metablock(link("link", "clone"), alice), "l"));
    assertEquals(List.of("clone.776a00e2.link"), LinkFiles.names(dsse(link("link", "clone"), alice), "l"));
    assertEquals(List.of("build.776a00e2.link", "build.2f89b927.link"),
        LinkFiles.names(metablock(link("link", "build"), alice, bob, alice), "l"));
    assertEquals(List.of("x.abc.link"), LinkFiles.names(metablock(link("link", "x"), "abc"), "l"));
  }

  @Test
  void whatCannotBeNamedIsRefused() {
    assertThrows(InTotoFormatException.class, () -> LinkFiles.names(metablock(link("link", "x")), "l"));
    assertThrows(InTotoFormatException.class, () -> LinkFiles.names(metablock(link("link", null), "ab"), "l"));
    assertThrows(InTotoFormatException.class, () -> LinkFiles.names(metablock(link("other", "x"), "ab"), "l"));
    assertThrows(InTotoFormatException.class, () -> LinkFiles.names("{".getBytes(StandardCharsets.UTF_8), "l"));
    assertThrows(UnsupportedInTotoException.class, () -> LinkFiles.names(metablock(link("layout", null), "ab"), "l"));
  }

  @Test
  void theSourceReadsOnlyWhatItWasGivenAndHasNoSubdirectories() throws Exception {
    byte[] bytes = {1, 2, 3};
    LinkFiles files = new LinkFiles(Map.of("a.12345678.link", bytes));
    bytes[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, files.read("a.12345678.link").orElseThrow());
    assertEquals(Optional.empty(), files.read("b.12345678.link"));
    assertEquals(Optional.empty(), files.read("../a.12345678.link"));
    assertThrows(UnsupportedInTotoException.class, () -> files.directory("a.12345678"));
  }
}
