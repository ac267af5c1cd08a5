package bitnet.api.sequence;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Tensor;
import bitnet.api.tokenizer.Encoding;

/**
 * Builds padded batches. Token arrays are read in place and copied once, straight into the batch tensor.
 * Implementations are thread-safe.
 */
@ProviderType
public interface SequenceBatcher {

    /**
     * @param sequences token ids per row; not changed
     * @param options padding and truncation
     * @return the batch, owned by the caller
     * @throws SequenceException if a sequence does not fit the padded length and may not be truncated
     */
    SequenceBatch batch(List<int[]> sequences, SequenceOptions options);

    /**
     * Batches tokenizer encodings; {@link TruncationMode#CONDITIONAL} keeps the leading and trailing runs of each
     * encoding's {@code specialTokensMask}. The encodings' own padding, if any, is taken as tokens.
     *
     * @param encodings one per row
     * @param options padding and truncation
     * @return the batch, owned by the caller
     * @throws SequenceException as {@link #batch}
     */
    SequenceBatch batchEncodings(List<Encoding> encodings, SequenceOptions options);

    /**
     * Batches pairs: row {@code i} is {@code first[i]} followed by {@code second[i]}, truncated as a whole
     * ({@link TruncationMode#LONGEST_FIRST} shortens the longer part first).
     *
     * @param first first parts
     * @param second second parts, same count
     * @param options padding and truncation
     * @return the batch, owned by the caller
     * @throws SequenceException if the counts differ or a row does not fit
     */
    SequenceBatch batchPairs(List<int[]> first, List<int[]> second, SequenceOptions options);

    /**
     * The causal mask combined with the padding mask: {@code I8 [batch, length, length]}, element
     * {@code (b, i, j)} is 1 if position {@code i} may attend to {@code j}: {@code j <= i} and {@code j} is a real
     * token. Rows of padding positions before the first real token (left padding) are all 0.
     *
     * @param batch a batch; not closed
     * @return a new tensor owned by the caller
     */
    Tensor causalMask(SequenceBatch batch);

    /**
     * @param batch a batch
     * @param bucketWidth histogram bucket width, at least 1
     * @return the batch's length statistics
     */
    LengthStats stats(SequenceBatch batch, int bucketWidth);

    /**
     * @param bucketWidth histogram bucket width, at least 1
     * @return a new, empty accumulator for a stream
     */
    SequenceStatistics newStatistics(int bucketWidth);
}
