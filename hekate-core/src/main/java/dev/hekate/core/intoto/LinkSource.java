package dev.hekate.core.intoto;

import java.util.Optional;

/** Where link files come from (a directory, for the command line): the bytes of a file by name, if it exists. */
@FunctionalInterface
public interface LinkSource {
  /**
   * The file named {@code fileName} ({@code <step>.<keyid[:8]>.link}), bounded by the caller.
   *
   * @throws InTotoFormatException if the file exists but cannot be read or is too large
   */
  Optional<byte[]> read(String fileName) throws InTotoFormatException;

  /**
   * The links of a sublayout: the subdirectory {@code name} ({@code <step>.<keyid[:8]>}). A source
   * without subdirectories refuses, so a sublayout is never verified against links it cannot see.
   */
  default LinkSource directory(String name) throws InTotoFormatException, UnsupportedInTotoException {
    throw new UnsupportedInTotoException("sublayout " + name + ": this link source has no subdirectories");
  }
}
