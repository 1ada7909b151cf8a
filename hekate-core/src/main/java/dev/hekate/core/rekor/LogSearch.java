package dev.hekate.core.rekor;

import dev.hekate.core.bundle.Digest;
import dev.hekate.core.bundle.TlogEntry;
import java.util.List;
import java.util.Objects;

/**
 * A transparency log that can be asked which entries it indexes under a digest, and for one entry
 * with its proofs: the only way verification reaches the network ({@link RekorClient} is the real
 * one). Nothing it answers is trusted: an entry is evidence only once the bundle verifier has
 * checked its signed entry timestamp, inclusion proof and body.
 */
public interface LogSearch {

  /** Where the log is, for messages: {@code Rekor at https://host/}. */
  String describe();

  /** The ids of the entries the log indexes under {@code digest} ({@code sha256:<hex>}). */
  Search search(Digest digest);

  /** One entry, as the log answers it, turned into a bundle's log entry (unverified). */
  Fetch entry(EntryUuid uuid);

  /** What a search came to. */
  sealed interface Search {
    /**
     * @param uuids the first {@link dev.hekate.core.json.Limits#MAX_REKOR_CANDIDATES} distinct ids
     * @param listed how many distinct ids the log listed: more than {@code uuids} when it listed too many
     */
    record Found(List<EntryUuid> uuids, int listed) implements Search {
      public Found {
        uuids = List.copyOf(uuids);
      }
    }

    /** The log could not be asked, or answered something that is not a search result. */
    record Failed(String reason) implements Search {
      public Failed {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** What fetching one entry came to. */
  sealed interface Fetch {
    record Found(TlogEntry entry) implements Fetch {
      public Found {
        Objects.requireNonNull(entry, "entry");
      }
    }

    /**
     * The log could not be asked, has no such entry although it listed it, or answered something
     * that is not that entry with its proofs.
     */
    record Failed(String reason) implements Fetch {
      public Failed {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }
}
