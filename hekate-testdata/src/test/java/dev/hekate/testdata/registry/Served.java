package dev.hekate.testdata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What a registry serves for one version, fetched over HTTP and decoded independently of the
 * generators: the packument's version entry, the tarball, the attestations and their statements.
 */
record Served(JsonNode packument, JsonNode manifest, int tarballStatus, byte[] tarball, int attestationsStatus,
    JsonNode attestations) {

  static Served fetch(FakeRegistry registry, String name, String version) {
    JsonNode packument = Http.json(Http.get(registry.baseUrl(), name.replace("/", "%2f")));
    JsonNode manifest = packument.path("versions").path(version);
    var tarball = Http.get(URI.create(manifest.at("/dist/tarball").asText()));
    var attestations = Http.get(registry.baseUrl(), "-/npm/v1/attestations/" + name.replace("/", "%2f") + "@" + version);
    return new Served(packument, manifest, tarball.statusCode(), tarball.body(), attestations.statusCode(),
        Http.json(attestations));
  }

  String integrity() {
    return manifest.at("/dist/integrity").asText();
  }

  /** The entry whose outer label is {@code predicateType}, or a missing node. */
  JsonNode entryLabelled(String predicateType) {
    for (JsonNode e : attestations.path("attestations")) {
      if (e.path("predicateType").asText().equals(predicateType)) {
        return e;
      }
    }
    return MissingNode.getInstance();
  }

  static JsonNode statement(JsonNode entry) {
    return Http.json(Base64.getDecoder().decode(entry.at("/bundle/dsseEnvelope/payload").asText()));
  }

  /** The SRI of a statement's first subject's sha512 digest. */
  static String subjectSri(JsonNode statement) {
    return "sha512-" + Base64.getEncoder().encodeToString(
        HexFormat.of().parseHex(statement.at("/subject/0/digest/sha512").asText()));
  }

  static String sri(byte[] bytes) {
    try {
      return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files of a gzipped ustar archive, by path. */
  static Map<String, byte[]> untar(byte[] tgz) {
    byte[] tar;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      tar = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    int at = 0;
    while (at + 512 <= tar.length && tar[at] != 0) {
      String path = cString(tar, at, 100);
      int size = Integer.parseInt(cString(tar, at + 124, 12).trim(), 8);
      int sum = 0;
      for (int i = 0; i < 512; i++) {
        sum += i >= 148 && i < 156 ? ' ' : tar[at + i] & 0xff;
      }
      if (sum != Integer.parseInt(cString(tar, at + 148, 8).trim(), 8)) {
        throw new IllegalArgumentException("bad tar header checksum for " + path);
      }
      byte[] content = new byte[size];
      System.arraycopy(tar, at + 512, content, 0, size);
      files.put(path, content);
      at += 512 + (size + 511) / 512 * 512;
    }
    return files;
  }

  private static String cString(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
