package bitnet.api.sequence;

import bitnet.api.tensor.Tensor;
import bitnet.api.tokenizer.Direction;

/**
 * A padded batch. All tensors are {@code I32 [batch, length]}, owned by the batch; closing it closes them.
 *
 * @param inputIds token ids, padding holds the pad id
 * @param attentionMask 1 for real tokens, 0 for padding, built from {@link #lengths()}
 * @param positionIds 0, 1, ... over each row's real tokens (after left padding too); 0 on padding
 * @param lengths real tokens per row after truncation; not copied, treat as read-only
 * @param length the padded length
 * @param padSide where the padding is
 * @param truncatedTokens tokens dropped by truncation over the whole batch
 */
public record SequenceBatch(Tensor inputIds, Tensor attentionMask, Tensor positionIds, int[] lengths, int length,
        Direction padSide, long truncatedTokens) implements AutoCloseable {

    /** @return the number of rows */
    public int size() {
        return lengths.length;
    }

    /** @return the index of row {@code row}'s first real token (0 with right padding) */
    public int start(int row) {
        return padSide == Direction.LEFT ? length - lengths[row] : 0;
    }

    /** Closes the three tensors. */
    @Override
    public void close() {
        inputIds.close();
        attentionMask.close();
        positionIds.close();
    }
}
