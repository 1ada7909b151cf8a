package dev.hekate.core.vsa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hekate.core.crypto.Keys;
import dev.hekate.core.json.Json;
import dev.hekate.core.json.JsonFormatException;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The verifiers a client asks, from a {@code peers.json} it controls:
 * {@code {"peers":[{"id": verifier id, "url": API base URL, "keys":[{"publicKeyPem": PEM}]}]}}.
 * The keys are pinned here: a peer's own {@code /v1/verifier} is never consulted. Each key is an EC
 * P-256 public key; its id is computed ({@link KeyIds}) and, when the file gives a {@code keyId}
 * too, must match it.
 */
public final class Peers {
  public static final int MAX_BYTES = 1024 * 1024;
  public static final int MAX_PEERS = 64;

  private Peers() {}

  /** One peer: who it is, where it answers, the keys it may sign with. */
  public record Peer(URI id, URI url, List<VsaCheck.PinnedKey> keys) {
    public Peer {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(url, "url");
      keys = List.copyOf(keys);
    }
  }

  /**
   * @throws IllegalArgumentException with a message naming the peer and the field at fault
   */
  public static List<Peer> parse(byte[] json) {
    JsonNode root;
    try {
      root = Json.parse(json, MAX_BYTES, "peers file");
    } catch (JsonFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    JsonNode list = root.path("peers");
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("the peers file needs a non-empty array \"peers\"");
    }
    if (list.size() > MAX_PEERS) {
      throw new IllegalArgumentException("the peers file lists " + list.size() + " peers, over " + MAX_PEERS);
    }
    List<Peer> peers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode node : list) {
      String where = "peers[" + index++ + "]";
      URI id = uri(node.path("id").asText(""), where + ".id");
      URI url = uri(node.path("url").asText(""), where + ".url");
      if (!url.getScheme().equals("https") && !url.getScheme().equals("http")) {
        throw new IllegalArgumentException(where + ".url must be an http(s) URL");
      }
      if (!ids.add(id.toString())) {
        throw new IllegalArgumentException(where + ".id " + id + " is listed twice");
      }
      List<VsaCheck.PinnedKey> keys = new ArrayList<>();
      JsonNode keyNodes = node.path("keys");
      if (!keyNodes.isArray() || keyNodes.isEmpty()) {
        throw new IllegalArgumentException(where + " pins no key");
      }
      for (JsonNode key : keyNodes) {
        Optional<PublicKey> parsed = Keys.publicKeyPem(key.path("publicKeyPem").asText(""));
        if (parsed.isEmpty() || !(parsed.get() instanceof ECPublicKey ec)
            || ec.getParams().getCurve().getField().getFieldSize() != 256) {
          throw new IllegalArgumentException(where + ": a key is not an EC P-256 public key in PEM");
        }
        String keyId = KeyIds.of(parsed.get());
        if (key.has("keyId") && !key.path("keyId").asText().equals(keyId)) {
          throw new IllegalArgumentException(where + ": keyId " + key.path("keyId").asText()
              + " is not the id of the key beside it (" + keyId + ")");
        }
        keys.add(new VsaCheck.PinnedKey(keyId, parsed.get()));
      }
      peers.add(new Peer(id, url.getPath().endsWith("/") ? url : URI.create(url + "/"), keys));
    }
    return List.copyOf(peers);
  }

  private static URI uri(String text, String where) {
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException(where + " must be an absolute URI");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(where + " is not a URI: " + e.getReason(), e);
    }
  }
}
