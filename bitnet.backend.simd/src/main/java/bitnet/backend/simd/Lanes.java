package bitnet.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of the lanes of a float vector in one fixed order, whatever compiles the caller.
 *
 * <p>{@code reduceLanes(ADD)} leaves the order to the implementation: the JIT's intrinsic adds in a tree, the
 * interpreter's fallback in lane order, so the same call could round differently before and after warm-up, and a
 * sequence's logits would depend on when it ran and what it was batched with. Here the halves are added lanewise
 * ({@code v + rotate(v, L/2)}, then {@code L/4}, ... 1), which every tier computes alike, at the intrinsic's cost.
 */
final class Lanes {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final VectorShuffle<Float> BY32 = VectorShuffle.iota(S, 32 % L, 1, true);
    private static final VectorShuffle<Float> BY16 = VectorShuffle.iota(S, 16 % L, 1, true);
    private static final VectorShuffle<Float> BY8 = VectorShuffle.iota(S, 8 % L, 1, true);
    private static final VectorShuffle<Float> BY4 = VectorShuffle.iota(S, 4 % L, 1, true);
    private static final VectorShuffle<Float> BY2 = VectorShuffle.iota(S, 2 % L, 1, true);
    private static final VectorShuffle<Float> BY1 = VectorShuffle.iota(S, 1 % L, 1, true);

    private Lanes() {
    }

    /** @return the sum of {@code v}'s lanes, rounded as a fixed binary tree of float additions */
    static float sum(FloatVector v) {
        if (L > 64) {
            throw new UnsupportedOperationException("simd: " + L + " float lanes");
        }
        if (L >= 64) {
            v = v.add(v.rearrange(BY32));
        }
        if (L >= 32) {
            v = v.add(v.rearrange(BY16));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(BY8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(BY4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(BY2));
        }
        if (L >= 2) {
            v = v.add(v.rearrange(BY1));
        }
        return v.lane(0);
    }
}
