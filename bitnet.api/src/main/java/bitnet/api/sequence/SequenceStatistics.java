package bitnet.api.sequence;

import org.osgi.annotation.versioning.ProviderType;

/** Accumulates {@link LengthStats} over a stream of sequences and batches. Thread-safe. */
@ProviderType
public interface SequenceStatistics {
    /**
     * Counts one unpadded sequence.
     *
     * @param length its length, not negative
     * @throws IllegalArgumentException if negative
     */
    void add(int length);

    /**
     * Counts every row of a batch, with its padding and truncation.
     *
     * @param batch a batch; not closed
     */
    void add(SequenceBatch batch);

    /** @return the statistics so far */
    LengthStats snapshot();
}
