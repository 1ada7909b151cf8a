package dev.hekate.cli;

import dev.hekate.core.encoding.Encoding;
import dev.hekate.core.intoto.InspectionRunner;
import dev.hekate.core.intoto.Layout;
import dev.hekate.core.intoto.Link;
import dev.hekate.core.json.Limits;
import dev.hekate.core.result.CheckId;
import dev.hekate.core.result.VerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a layout's inspections as in-toto-verify does ({@code in_toto_run} with materials and
 * products {@code "."}): the command runs in a fresh temporary copy of the artifacts directory
 * (never in the directory itself), every regular file is recorded with its SHA-256 before
 * (materials) and after (products), and a non-zero exit fails the inspection. Command line only,
 * behind {@code --run-inspections}: the layout's signers choose the commands.
 */
final class InspectionCommandRunner implements InspectionRunner {
  /** Most bytes copied from the artifacts directory for one inspection. */
  private static final long MAX_COPY_BYTES = 2L << 30;
  private static final long TIMEOUT_MINUTES = 10;

  private final Path artifacts;

  InspectionCommandRunner(Path artifacts) {
    this.artifacts = artifacts;
  }

  @Override
  public Link run(Layout.Inspection inspection) throws VerificationException {
    if (inspection.run().isEmpty()) {
      throw fail(inspection, "has no command to run");
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("hekate-inspection-");
      copy(artifacts, work);
      Map<String, Map<String, String>> materials = record(work);
      Process process = new ProcessBuilder(inspection.run()).directory(work.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      process.getOutputStream().close(); // standard input: empty
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw fail(inspection, "did not finish in " + TIMEOUT_MINUTES + " minutes");
      }
      if (process.exitValue() != 0) {
        throw fail(inspection, "exited with status " + process.exitValue());
      }
      return new Link(inspection.name(), inspection.run(), materials, record(work));
    } catch (IOException | UncheckedIOException e) {
      throw fail(inspection, "could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(inspection, "was interrupted");
    } finally {
      if (work != null) {
        delete(work);
      }
    }
  }

  private static VerificationException fail(Layout.Inspection inspection, String what) {
    return VerificationException.invalid(CheckId.INTOTO_INSPECTION, "inspection " + inspection.name() + " "
        + inspection.run() + " " + what);
  }

  private static void copy(Path from, Path to) throws IOException {
    long[] budget = {MAX_COPY_BYTES, Limits.MAX_INTOTO_ARTIFACTS};
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isRegularFile() && !attrs.isDirectory()) {
          // in-toto would record a symbolic link's target; copying it is not supported, so refuse
          throw new IOException(from.relativize(file) + " is not a regular file (symbolic links are not supported)");
        }
        if (attrs.isRegularFile()) {
          budget[0] -= attrs.size();
          budget[1]--;
          if (budget[0] < 0 || budget[1] < 0) {
            throw new IOException("the artifacts directory is larger than an inspection copies");
          }
          Files.copy(file, to.resolve(from.relativize(file).toString()));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Every regular file under {@code dir}, by its path relative to it with {@code /}, and its SHA-256. */
  private static Map<String, Map<String, String>> record(Path dir) throws IOException {
    Map<String, Map<String, String>> artifacts = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (artifacts.size() >= Limits.MAX_INTOTO_ARTIFACTS) {
          throw new IOException("the inspection left more than " + Limits.MAX_INTOTO_ARTIFACTS + " files");
        }
        String relative = String.join("/", iterable(dir.relativize(file)));
        artifacts.put(relative, Map.of("sha256", sha256(file)));
      }
    }
    return artifacts;
  }

  private static List<String> iterable(Path relative) {
    return java.util.stream.StreamSupport.stream(relative.spliterator(), false).map(Path::toString).toList();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return Encoding.toHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not a verification outcome
    }
  }
}
