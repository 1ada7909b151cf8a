package dev.hekate.core.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.hekate.core.bundle.Artifact;
import dev.hekate.core.bundle.Digest;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.policy.IdentityPolicy;
import dev.hekate.core.policy.Policy;
import dev.hekate.core.result.VerificationException;
import dev.hekate.core.trust.TrustedRoot;
import dev.hekate.core.trust.TrustedRootParser;
import dev.hekate.core.verify.BundleVerifier;
import dev.hekate.core.verify.VerificationResult;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions.CertificateMatcher;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test: Hekate's {@link BundleVerifier} against sigstore-java 2.0.0's {@code
 * KeylessVerifier} on the 70 sigstore-conformance bundle-verify cases (realdata MANIFEST.md §2),
 * each run with the artifact file and with its SHA-256 digest.
 *
 * <p>Hekate must reach the conformance verdict on every case (a {@code _fail} suffix means
 * reject). sigstore-java must reach the same verdict, except on {@link #SIGSTORE_JAVA_ERRORS}:
 * those are asserted to be still wrong in the known direction, so a fixed upstream bug shows up
 * as a failure here instead of an entry nobody rereads. Cases sigstore-java cannot process are
 * reported as skipped and never counted as agreement.
 *
 * <p>sigstore-java runs offline: its trusted root is read from the case's file through {@link
 * TrustedRootProvider#from(Path)} (never the TUF-backed defaults), its network transports are
 * excluded from the test classpath (hekate-core/pom.xml), and a {@link ProxySelector} fails the
 * run if anything asks to open a connection.
 */
class SigstoreJavaDifferentialTest {

  private static final String DEFAULT_IDENTITY = "https://github.com/sigstore-conformance/"
      + "extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml"
      + "@refs/heads/main";
  private static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

  /**
   * Cases sigstore-java 2.0.0 decides wrongly, with the verdict it reaches. Each is checked
   * against its source at tag v2.0.0.
   */
  private static final Map<String, KnownError> SIGSTORE_JAVA_ERRORS = Map.of(
      "integrated-time-in-future_fail", new KnownError(Verdict.ACCEPT,
          "KeylessVerifier checks the leaf certificate's validity only at RFC 3161 timestamp times; "
              + "the Rekor integrated time is never compared with it (FulcioVerifier validates the "
              + "chain at the leaf's own notBefore)"),
      "trust-root-tlog-missing-validity-start_fail", new KnownError(Verdict.ACCEPT,
          "ValidFor.from reads the absent protobuf start as the default Timestamp, 1970-01-01, so "
              + "the malformed trusted root loads and the key is treated as valid since the epoch"),
      "intoto-with-custom-trust-root", new KnownError(Verdict.REJECT,
          "the tlog entry is intoto/0.0.2; KeylessVerifier.checkDsseEnvelope only knows dsse/0.0.1 "
              + "and routes apiVersion 0.0.2 to the dsse/0.0.2 parser, which refuses the intoto kind"),
      "rekor2-dsse-happy-path", new KnownError(Verdict.REJECT,
          "a DSSE envelope logged to Rekor v2 as hashedrekord/0.0.2 over the PAE; "
              + "KeylessVerifier.checkDsseEnvelope expects a dsse-kind entry and rejects the hashedrekord kind"));

  private static final String KEYLESS_ONLY =
      "verification with a given public key (key.pub): sigstore-java 2.0.0 offers only KeylessVerifier";

  /**
   * Cases sigstore-java 2.0.0 cannot be asked about at all, with the reason. A trusted root it
   * fails to load would also make a case unprocessable (none does today, and the tally test
   * notices if one starts to). A bundle it refuses to parse is a rejection, not a skip: that is how
   * the conformance suite and the issue's count of 67 treat it, and all nine such bundles are
   * {@code _fail} cases (managed-key-no-key_fail among them, refused as "plain public keys are
   * not supported" — the right verdict, reached before its reason is looked at).
   */
  private static final Map<String, String> SIGSTORE_JAVA_CANNOT_PROCESS = Map.of(
      "managed-key-and-trusted-root", KEYLESS_ONLY,
      "managed-key-happy-path", KEYLESS_ONLY,
      "managed-key-wrong-key_fail", KEYLESS_ONLY);

  /** What sigstore-java 2.0.0 gets right and wrong; the issue this test answers quotes these counts. */
  private static final int CASES = 70;
  private static final int PROCESSED = 67;
  private static final int AGREE = 63;

  /** sigstore-java's outcome per case and artifact form; computed once, shared by all tests. */
  private static final Map<String, SigstoreJavaOutcome> SIGSTORE_JAVA_OUTCOMES = new ConcurrentHashMap<>();
  private static final Map<Path, KeylessVerifier> SIGSTORE_JAVA_VERIFIERS = new ConcurrentHashMap<>();

  private static final List<URI> CONNECTION_ATTEMPTS = new ArrayList<>();
  private static ProxySelector previousProxySelector;

  /**
   * sigstore-java registers Bouncy Castle as a JCA provider in static initialisers (its Keys,
   * TimestampVerifier); Hekate never does. So Hekate's verdicts are reached with that provider
   * taken out, as in production, and it is removed after this class so that later test classes
   * in the same JVM do not inherit it.
   */
  private static final String BOUNCY_CASTLE = "BC";
  private static boolean bouncyCastleRegisteredBefore;

  enum Verdict { ACCEPT, REJECT }

  /** How the artifact is handed to both verifiers. */
  enum ArtifactForm {
    FILE("artifact file"),
    SHA256("sha256 digest");

    final String label;

    ArtifactForm(String label) {
      this.label = label;
    }
  }

  record KnownError(Verdict sigstoreJavaVerdict, String reason) {}

  /** One conformance case and its inputs, resolved with the suite's defaults. */
  record Case(String name, Path bundle, Path artifact, Path trustedRoot, Optional<Path> key,
      String identity, String issuer) {

    static Case load(Path dir, Path productionRoot) {
      try {
        String name = dir.getFileName().toString();
        Path artifact = Files.exists(dir.resolve("artifact"))
            ? dir.resolve("artifact") : dir.resolveSibling("a.txt");
        Path root = Files.exists(dir.resolve("trusted_root.json"))
            ? dir.resolve("trusted_root.json") : productionRoot;
        Optional<Path> key = Optional.of(dir.resolve("key.pub")).filter(Files::exists);
        return new Case(name, dir.resolve("bundle.sigstore.json"), artifact, root, key,
            textOr(dir.resolve("identity"), DEFAULT_IDENTITY), textOr(dir.resolve("issuer"), DEFAULT_ISSUER));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Verdict expected() {
      return name.endsWith("_fail") ? Verdict.REJECT : Verdict.ACCEPT;
    }

    private static String textOr(Path file, String fallback) throws IOException {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : fallback;
    }
  }

  /** A verifier's verdict and, for a rejection, why. */
  record Decision(Verdict verdict, String detail) {
    static Decision accept() {
      return new Decision(Verdict.ACCEPT, "");
    }

    static Decision reject(String detail) {
      return new Decision(Verdict.REJECT, detail);
    }
  }

  /** What sigstore-java made of a case: a decision, or a reason it could not be asked. */
  sealed interface SigstoreJavaOutcome {
    record Decided(Decision decision) implements SigstoreJavaOutcome {}

    record CannotProcess(String reason) implements SigstoreJavaOutcome {}
  }

  @BeforeAll
  static void forbidNetworkAndNoteProviders() {
    bouncyCastleRegisteredBefore = Security.getProvider(BOUNCY_CASTLE) != null;
    previousProxySelector = ProxySelector.getDefault();
    // HttpURLConnection (google-http-client's NetHttpTransport) asks the default selector before connecting.
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        synchronized (CONNECTION_ATTEMPTS) {
          CONNECTION_ATTEMPTS.add(uri);
        }
        throw new IllegalStateException("the differential test is offline; something tried to reach " + uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {
      }
    });
  }

  @AfterAll
  static void restoreProvidersAndNetworkAndCheckNoConnectionWasAttempted() {
    if (!bouncyCastleRegisteredBefore) {
      Security.removeProvider(BOUNCY_CASTLE);
    }
    ProxySelector.setDefault(previousProxySelector);
    synchronized (CONNECTION_ATTEMPTS) {
      assertEquals(List.of(), CONNECTION_ATTEMPTS, "sigstore-java or Hekate tried to open connections");
    }
  }

  @TestFactory
  Stream<DynamicNode> hekateIsRightAndSigstoreJavaAgreesOrIsKnownWrong() {
    return cases().stream().map(c -> dynamicContainer(c.name(), Stream.of(ArtifactForm.values())
        .flatMap(form -> Stream.of(hekateIsRight(c, form), sigstoreJavaAgreesOrIsKnownWrong(c, form)))));
  }

  private static DynamicTest hekateIsRight(Case c, ArtifactForm form) {
    return dynamicTest(c.name() + " · " + form.label + " · Hekate must " + c.expected(), () -> {
      Decision hekate = hekate(c, form);
      assertEquals(c.expected(), hekate.verdict(), () -> "Hekate on " + c.name() + " with the " + form.label
          + (hekate.detail().isEmpty() ? "" : ": " + hekate.detail()));
    });
  }

  private static DynamicTest sigstoreJavaAgreesOrIsKnownWrong(Case c, ArtifactForm form) {
    KnownError known = SIGSTORE_JAVA_ERRORS.get(c.name());
    String expectation = SIGSTORE_JAVA_CANNOT_PROCESS.containsKey(c.name()) ? "cannot process"
        : known == null ? "agrees"
        : "still wrongly " + known.sigstoreJavaVerdict() + "s (known error)";
    return dynamicTest(c.name() + " · " + form.label + " · sigstore-java " + expectation, () -> {
      Decision sigstoreJava = switch (sigstoreJava(c, form)) {
        case SigstoreJavaOutcome.CannotProcess cannot ->
            abort("sigstore-java cannot process " + c.name() + ": " + cannot.reason());
        case SigstoreJavaOutcome.Decided decided -> decided.decision();
      };
      Decision hekate = hekate(c, form);
      if (known == null) {
        assertEquals(hekate.verdict(), sigstoreJava.verdict(), () -> "sigstore-java and Hekate disagree on "
            + c.name() + " with the " + form.label + "; sigstore-java: " + sigstoreJava.detail()
            + "; Hekate: " + hekate.detail());
      } else {
        assertEquals(known.sigstoreJavaVerdict(), sigstoreJava.verdict(), () -> "sigstore-java no longer makes its "
            + "known error on " + c.name() + " (" + known.reason() + "): update SIGSTORE_JAVA_ERRORS");
        assertNotEquals(hekate.verdict(), sigstoreJava.verdict(),
            "Hekate now agrees with sigstore-java's known error on " + c.name());
      }
    });
  }

  /** Reproduces the issue's tally: of the 67 cases sigstore-java 2.0.0 can process, 63 right and 4 wrong. */
  @Test
  void sigstoreJavaGets63RightAnd4WrongOfThe67ItCanProcess() {
    List<Case> cases = cases();
    List<String> skipped = new ArrayList<>();
    List<String> agree = new ArrayList<>();
    List<String> knownWrong = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (Case c : cases) {
      List<SigstoreJavaOutcome> outcomes =
          Stream.of(ArtifactForm.values()).map(form -> sigstoreJava(c, form)).toList();
      if (outcomes.stream().allMatch(o -> o instanceof SigstoreJavaOutcome.CannotProcess)) {
        skipped.add(c.name());
        continue;
      }
      List<Verdict> verdicts = outcomes.stream()
          .map(o -> o instanceof SigstoreJavaOutcome.Decided d ? d.decision().verdict() : null).toList();
      KnownError known = SIGSTORE_JAVA_ERRORS.get(c.name());
      if (verdicts.stream().allMatch(v -> v == c.expected())) {
        agree.add(c.name());
      } else if (known != null && verdicts.stream().allMatch(v -> v == known.sigstoreJavaVerdict())) {
        knownWrong.add(c.name());
      } else {
        unexpected.add(c.name() + " " + verdicts);
      }
    }
    String tally = "processed " + (cases.size() - skipped.size()) + ", right " + agree.size() + ", known wrong "
        + knownWrong + ", skipped " + skipped + ", unexpected " + unexpected;
    assertEquals(CASES, cases.size(), "conformance cases found");
    assertEquals(List.of(), unexpected, tally);
    assertEquals(SIGSTORE_JAVA_CANNOT_PROCESS.keySet(), Set.copyOf(skipped), tally);
    assertEquals(SIGSTORE_JAVA_ERRORS.keySet(), Set.copyOf(knownWrong), tally);
    assertEquals(PROCESSED, agree.size() + knownWrong.size(), tally);
    assertEquals(AGREE, agree.size(), tally);
  }

  private static Decision hekate(Case c, ArtifactForm form) throws IOException {
    Provider[] providers = Security.getProviders();
    for (int i = 0; i < providers.length; i++) {
      if (providers[i].getName().equals(BOUNCY_CASTLE)) {
        Security.removeProvider(BOUNCY_CASTLE);
        try {
          return hekateWithInstalledProviders(c, form);
        } finally {
          Security.insertProviderAt(providers[i], i + 1);
        }
      }
    }
    return hekateWithInstalledProviders(c, form);
  }

  private static Decision hekateWithInstalledProviders(Case c, ArtifactForm form) throws IOException {
    TrustedRoot root;
    try {
      root = TrustedRootParser.parse(Files.readAllBytes(c.trustedRoot()));
    } catch (VerificationException e) {
      // a trusted root Hekate refuses to load verifies nothing
      return Decision.reject("trusted root: " + e.getMessage());
    }
    byte[] artifactBytes = Files.readAllBytes(c.artifact());
    Artifact artifact = switch (form) {
      case FILE -> Artifact.ofBytes(artifactBytes);
      case SHA256 -> Artifact.ofDigest(new Digest("sha256", Keys.sha256(artifactBytes)));
    };
    Policy policy = c.key().isPresent()
        ? Policy.key(Keys.publicKeyPem(Files.readString(c.key().get())).orElseThrow())
        : Policy.identity(IdentityPolicy.exact(c.identity(), c.issuer()));
    VerificationResult result = new BundleVerifier(root).verify(Files.readAllBytes(c.bundle()), artifact, policy);
    return result.verified() ? Decision.accept()
        : Decision.reject(result.firstFailure().map(Object::toString).orElse("a check could not run"));
  }

  private static SigstoreJavaOutcome sigstoreJava(Case c, ArtifactForm form) {
    return SIGSTORE_JAVA_OUTCOMES.computeIfAbsent(c.name() + " " + form, k -> runSigstoreJava(c, form));
  }

  private static SigstoreJavaOutcome runSigstoreJava(Case c, ArtifactForm form) {
    String cannot = SIGSTORE_JAVA_CANNOT_PROCESS.get(c.name());
    if (cannot != null) {
      assertTrue(c.key().isPresent(), c.name() + " is listed as key-based but has no key.pub");
      return new SigstoreJavaOutcome.CannotProcess(cannot);
    }
    KeylessVerifier verifier;
    try {
      verifier = SIGSTORE_JAVA_VERIFIERS.computeIfAbsent(
          c.trustedRoot(), SigstoreJavaDifferentialTest::keylessVerifier);
    } catch (IllegalArgumentException e) {
      return new SigstoreJavaOutcome.CannotProcess("trusted root: " + e.getMessage());
    }
    Bundle bundle;
    try {
      bundle = Bundle.from(new StringReader(Files.readString(c.bundle(), StandardCharsets.UTF_8)));
    } catch (BundleParseException | RuntimeException e) {
      // a bundle it refuses to read is a bundle it rejects (its parser throws unchecked exceptions too)
      return new SigstoreJavaOutcome.Decided(Decision.reject("bundle: " + causes(e)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    VerificationOptions options = VerificationOptions.builder()
        .addCertificateMatchers(CertificateMatcher.fulcio()
            .subjectAlternativeName(StringMatcher.string(c.identity()))
            .issuer(StringMatcher.string(c.issuer()))
            .build())
        .build();
    try {
      switch (form) {
        case FILE -> verifier.verify(c.artifact(), bundle, options);
        case SHA256 -> verifier.verify(Keys.sha256(Files.readAllBytes(c.artifact())), bundle, options);
      }
      return new SigstoreJavaOutcome.Decided(Decision.accept());
    } catch (KeylessVerificationException | RuntimeException e) {
      // verify is void: anything but a normal return is a rejection, a crash included
      return new SigstoreJavaOutcome.Decided(Decision.reject(causes(e)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An exception and its causes on one line: sigstore-java's messages often say little without them. */
  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause);
    }
    return text.toString();
  }

  private static KeylessVerifier keylessVerifier(Path trustedRoot) {
    try {
      return KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
    } catch (SigstoreConfigurationException | GeneralSecurityException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static List<Case> cases() {
    Path realdata = realdata();
    Path dir = realdata.resolve("sigstore_conformance/test/assets/bundle-verify");
    Path productionRoot = realdata.resolve("trust_roots/public-good-tuf-seeds/trusted_root.json");
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().map(d -> Case.load(d, productionRoot)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path realdata() {
    String property = System.getProperty("hekate.realdata");
    Path dir = property != null && !property.isBlank()
        ? Path.of(property)
        // without surefire's property: the data sits beside the checkout, i.e. beside the module's parent
        : Path.of("").toAbsolutePath().getParent().resolve("../shared/realdata").normalize();
    assumeTrue(Files.isDirectory(dir), "../shared/realdata is absent: skipping");
    return dir;
  }
}
