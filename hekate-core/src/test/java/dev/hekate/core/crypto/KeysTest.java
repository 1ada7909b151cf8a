package dev.hekate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Keys#pemBlocks}: which whitespace a block may hold, and what makes it malformed. */
class KeysTest {
  private static final byte[] DER = new byte[] {0x30, 0x03, 0x02, 0x01, 0x05, (byte) 0xff, 0x7f, 0x00, 0x41};
  private static final String BASE64 = Base64.getEncoder().encodeToString(DER);

  private static String block(String body) {
    return "-----BEGIN CERTIFICATE-----" + body + "-----END CERTIFICATE-----";
  }

  @Test
  void spacesTabsAndLineBreaksAreSkipped() {
    String body = "\n" + BASE64.substring(0, 4) + " \t" + BASE64.substring(4, 8) + "\r\n" + BASE64.substring(8) + "\n";

    List<byte[]> blocks = Keys.pemBlocks(block(body), "CERTIFICATE");

    assertEquals(1, blocks.size());
    assertArrayEquals(DER, blocks.get(0));
  }

  @Test
  void everyWellFormedBlockIsReadAndMalformedOnesAreSkipped() {
    String text = "preamble\n" + block(BASE64) + "\n" + block("!!!!") + "\n" + block("\n" + BASE64 + "\n")
        + block(BASE64.substring(3));

    List<byte[]> blocks = Keys.pemBlocks(text, "CERTIFICATE");

    assertEquals(2, blocks.size());
    assertArrayEquals(DER, blocks.get(0));
    assertArrayEquals(DER, blocks.get(1));
  }

  @Test
  void otherWhitespaceAndCharactersOutsideTheAlphabetMakeABlockMalformed() {
    for (String intruder : List.of("\f", "\u000b", "\u00a0", "\u00c1", "\u0141", "\u4e00", "-", "_", "\u0000")) {
      String body = BASE64.substring(0, 4) + intruder + BASE64.substring(4);

      assertEquals(List.of(), Keys.pemBlocks(block(body), "CERTIFICATE"), "intruder U+" + (int) intruder.charAt(0));
    }
  }

  @Test
  void aCharacterBeyondLatin1IsNotReadAsItsLowByte() {
    // U+0141 has low byte 0x41 ('A'); reading it as 'A' would turn "AAAA" into a valid block.
    assertEquals(List.of(), Keys.pemBlocks(block("\u0141AAA"), "CERTIFICATE"));
    assertEquals(1, Keys.pemBlocks(block("AAAA"), "CERTIFICATE").size());
  }

  @Test
  void anUnterminatedBlockOrAnotherTypeIsNotRead() {
    assertEquals(List.of(), Keys.pemBlocks("-----BEGIN CERTIFICATE-----" + BASE64, "CERTIFICATE"));
    assertEquals(List.of(), Keys.pemBlocks(block(BASE64), "PUBLIC KEY"));
    assertEquals(1, Keys.pemBlocks(block(""), "CERTIFICATE").size()); // empty, as before: the caller compares
  }
}
