package dev.hekate.core.lockfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A lockfile's JSON or YAML document as a small tree that keeps the line of every key, which
 * Jackson's own tree does not. Both formats are read token by token through one Jackson parser
 * setup, bounded by {@link LockfileLimits} (nesting depth, values, YAML line length, string
 * length), with duplicate keys refused and YAML anchors and aliases refused (lockfiles never
 * write them, and refusing them keeps the cost linear in the input: no alias bombs).
 */
final class LockTree {
  private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
      .maxNestingDepth(LockfileLimits.MAX_DEPTH)
      .maxStringLength(LockfileLimits.MAX_BYTES)
      .maxNumberLength(64)
      .maxDocumentLength(LockfileLimits.MAX_BYTES + 1L)
      .build();

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(CONSTRAINTS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final YAMLFactory YAML = YAMLFactory.builder()
      .loaderOptions(loaderOptions())
      .streamReadConstraints(CONSTRAINTS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private LockTree() {}

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(1);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(LockfileLimits.MAX_DEPTH);
    // SnakeYAML's default limit (3 MB) is below what Hekate accepts; the byte limit is checked first.
    options.setCodePointLimit(LockfileLimits.MAX_BYTES + 1);
    return options;
  }

  /** A value: an object, an array or a scalar, with the line it starts on. */
  sealed interface Node permits Obj, Arr, Scalar {
    int line();

    /** What the node is, for error messages. */
    String kind();
  }

  /** One member of an object: its key, the key's line and its value. */
  record Member(String key, int line, Node value) {}

  /** An object (a YAML mapping), members in file order. */
  record Obj(Map<String, Member> members, int line) implements Node {
    Obj {
      members = Collections.unmodifiableMap(members);
    }

    Optional<Node> get(String key) {
      Member m = members.get(key);
      return m == null ? Optional.empty() : Optional.of(m.value());
    }

    @Override
    public String kind() {
      return "an object";
    }
  }

  /** An array (a YAML sequence), by its size: no reader needs its items. */
  record Arr(int size, int line) implements Node {

    @Override
    public String kind() {
      return "an array";
    }
  }

  /** A string, number, boolean or null, with its text as written. */
  record Scalar(String text, ScalarType type, int line) implements Node {
    @Override
    public String kind() {
      return switch (type) {
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
      };
    }

    boolean isTrue() {
      return type == ScalarType.BOOLEAN && text.equals("true");
    }
  }

  enum ScalarType { STRING, NUMBER, BOOLEAN, NULL }

  /** The node as an object, or an error naming where and what it is instead. */
  static Obj object(Node node, String what, String where) throws LockfileException {
    if (node instanceof Obj obj) {
      return obj;
    }
    throw wrongType(what, where, "an object", node);
  }

  /** An optional object member: absent or null is empty. */
  static Optional<Obj> optionalObject(Obj parent, String key, String what, String where)
      throws LockfileException {
    Member m = parent.members().get(key);
    if (m == null || isNull(m.value())) {
      return Optional.empty();
    }
    return Optional.of(object(m.value(), what, member(where, key)));
  }

  /** An optional string member: absent or null is empty. */
  static Optional<String> optionalString(Obj parent, String key, String what, String where)
      throws LockfileException {
    Member m = parent.members().get(key);
    if (m == null || isNull(m.value())) {
      return Optional.empty();
    }
    if (m.value() instanceof Scalar s && s.type() == ScalarType.STRING) {
      return Optional.of(s.text());
    }
    throw wrongType(what, member(where, key), "a string", m.value());
  }

  /** Whether an optional boolean member is {@code true}; anything but a boolean or null is an error. */
  static boolean flag(Obj parent, String key, String what, String where) throws LockfileException {
    Member m = parent.members().get(key);
    if (m == null || isNull(m.value())) {
      return false;
    }
    if (m.value() instanceof Scalar s && s.type() == ScalarType.BOOLEAN) {
      return s.isTrue();
    }
    throw wrongType(what, member(where, key), "a boolean", m.value());
  }

  private static String member(String where, String key) {
    return where.isEmpty() ? key : where + "." + key;
  }

  static boolean isNull(Node node) {
    return node instanceof Scalar s && s.type() == ScalarType.NULL;
  }

  static LockfileException wrongType(String what, String where, String expected, Node actual) {
    return new LockfileException(what + ": " + Texts.bounded(where) + " must be " + expected + ", not "
        + actual.kind() + " (line " + actual.line() + ")");
  }

  /** Reads one JSON document (exactly one value, nothing after it). */
  static Node readJson(byte[] content, String what) throws LockfileException {
    try (JsonParser parser = JSON.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new LockfileException(what + " is empty");
      }
      Node root = new Reader(parser, what).readValue(first, 0);
      if (parser.nextToken() != null) {
        throw new LockfileException(what + ": content after the JSON value at line " + line(parser));
      }
      return root;
    } catch (IOException | RuntimeException e) {
      throw wrap(e, what);
    }
  }

  /** Reads every YAML document of the stream, in order; empty documents are left out. */
  static List<Node> readYaml(byte[] content, String what) throws LockfileException {
    refuseLongLines(content, what);
    try (JsonParser parser = YAML.createParser(content)) {
      List<Node> documents = new ArrayList<>();
      Reader reader = new Reader(parser, what);
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        Node document = reader.readValue(token, 0);
        if (!(document instanceof Scalar s && s.type() == ScalarType.NULL)) {
          documents.add(document);
        }
      }
      return documents;
    } catch (IOException | RuntimeException e) {
      throw wrap(e, what);
    }
  }

  /** One document stream's read: the parser and how many values it has built so far. */
  private static final class Reader {
    private final JsonParser parser;
    private final String what;
    private int values;

    Reader(JsonParser parser, String what) {
      this.parser = parser;
      this.what = what;
    }

    Node readValue(JsonToken token, int depth) throws IOException, LockfileException {
      int line = line(parser);
      refuseAnchors(parser, what, line);
      if (depth > LockfileLimits.MAX_DEPTH) {
        throw new LockfileException(what + ": nested deeper than " + LockfileLimits.MAX_DEPTH + " levels at line " + line);
      }
      if (++values > LockfileLimits.MAX_VALUES) {
        throw new LockfileException(what + ": more than " + LockfileLimits.MAX_VALUES + " values (at line " + line + ")");
      }
      switch (token) {
        case START_OBJECT -> {
          Map<String, Member> members = new LinkedHashMap<>();
          JsonToken t;
          while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser);
            refuseAnchors(parser, what, keyLine);
            JsonToken valueToken = parser.nextToken();
            if (valueToken == null) {
              throw new LockfileException(what + " ends inside the value of \"" + Texts.bounded(key) + "\"");
            }
            Node value = readValue(valueToken, depth + 1);
            if (members.putIfAbsent(key, new Member(key, keyLine, value)) != null) {
              throw new LockfileException(what + ": duplicate key \"" + Texts.bounded(key) + "\" at line "
                  + keyLine);
            }
          }
          if (t != JsonToken.END_OBJECT) {
            throw new LockfileException(what + " ends inside an object that starts at line " + line);
          }
          return new Obj(members, line);
        }
        case START_ARRAY -> {
          // No reader looks inside an array (cpu:, os:, bundleDependencies), so items are read for
          // their shape and limits but not kept: arrays of tiny values cost no memory.
          int size = 0;
          JsonToken t;
          while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
              throw new LockfileException(what + " ends inside an array that starts at line " + line);
            }
            readValue(t, depth + 1);
            size++;
          }
          return new Arr(size, line);
        }
        case VALUE_STRING -> {
          return new Scalar(parser.getText(), ScalarType.STRING, line);
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          return new Scalar(parser.getText(), ScalarType.NUMBER, line);
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          // YAML spells them several ways (True, TRUE); the text is the value.
          return new Scalar(Boolean.toString(token == JsonToken.VALUE_TRUE), ScalarType.BOOLEAN, line);
        }
        case VALUE_NULL -> {
          return new Scalar("null", ScalarType.NULL, line);
        }
        default -> throw new LockfileException(what + ": unexpected " + token + " at line " + line);
      }
    }
  }

  private static void refuseAnchors(JsonParser parser, String what, int line)
      throws IOException, LockfileException {
    // The YAML parser's object id is the current node's anchor.
    if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getObjectId() != null)) {
      throw new LockfileException(what + ": YAML anchors and aliases are not accepted in a lockfile (line "
          + line + ")");
    }
  }

  private static void refuseLongLines(byte[] content, String what) throws LockfileException {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        if (i - start > LockfileLimits.MAX_YAML_LINE) {
          throw new LockfileException(what + ": line " + line + " is longer than " + LockfileLimits.MAX_YAML_LINE
              + " bytes, which no YAML lockfile writes");
        }
        line++;
        start = i + 1;
      }
    }
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  private static LockfileException wrap(Exception e, String what) {
    if (e instanceof StreamConstraintsException) {
      return new LockfileException(what + " breaks a size or nesting limit: " + Texts.firstLine(e.getMessage()));
    }
    if (e instanceof JsonProcessingException p && p.getLocation() != null && p.getLocation().getLineNr() > 0) {
      return new LockfileException(what + " is not valid at line " + p.getLocation().getLineNr() + ": "
          + Texts.firstLine(p.getOriginalMessage()));
    }
    if (e instanceof IOException) {
      return new LockfileException(what + " is not valid: " + Texts.firstLine(e.getMessage()));
    }
    // SnakeYAML reports its own limits (code points, nesting) and some malformed input unchecked.
    return new LockfileException(what + " is not valid: " + Texts.firstLine(String.valueOf(e.getMessage())));
  }
}
