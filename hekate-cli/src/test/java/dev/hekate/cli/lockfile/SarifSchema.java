package dev.hekate.cli.lockfile;

import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * SARIF 2.1.0's JSON Schema as scripts/sarif-schema fetches it (system property
 * {@code hekate.sarif.schema}, else {@code $HEKATE_CACHE}, {@code $XDG_CACHE_HOME/hekate} or
 * {@code ~/.cache/hekate}, then {@code sarif/sarif-schema-2.1.0.json}). A test that needs it is
 * skipped without it, and fails under {@code CI}, where .ci/run fetches it first.
 */
public final class SarifSchema {
  private SarifSchema() {}

  public static Path path() {
    String property = System.getProperty("hekate.sarif.schema");
    Path path;
    if (property != null && !property.isBlank()) {
      path = Path.of(property);
    } else {
      String cache = System.getenv("HEKATE_CACHE");
      if (cache == null || cache.isBlank()) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        cache = base.resolve("hekate").toString();
      }
      path = Path.of(cache, "sarif", "sarif-schema-2.1.0.json");
    }
    if (Files.isRegularFile(path)) {
      return path;
    }
    String message = "SARIF 2.1.0's JSON Schema is not at " + path + ": run scripts/sarif-schema";
    if (System.getenv("CI") != null) {
      fail(message + " (CI is set: .ci/run fetches it)");
    }
    Assumptions.abort(message + "; skipped");
    throw new AssertionError("unreachable");
  }

  /** The schema, ready to validate SARIF text. */
  public static Schema load() throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(Files.readString(path()), InputFormat.JSON);
  }
}
