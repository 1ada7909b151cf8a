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
}
