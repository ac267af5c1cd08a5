package bitnet.benchmarks.quant;

import java.util.Random;

import bitnet.quant.TernaryQuantizer;

/** Seeded ternary test weights shared by the quantization benchmarks and the compression report. */
final class WeightData {
    private WeightData() {
    }

    /**
     * @param n weights
     * @param sparse 90 % zeros, otherwise absmean-quantized Gaussian weights
     * @param seed random seed
     * @return ternary weights
     */
    static byte[] trits(int n, boolean sparse, long seed) {
        return sparse ? sparse(n, 0.9, seed) : dense(n, seed);
    }

    /**
     * @param n weights
     * @param zeroFraction probability of a zero; non-zeros are +1 or -1 with equal chance
     * @param seed random seed
     * @return ternary weights
     */
    static byte[] sparse(int n, double zeroFraction, long seed) {
        Random rnd = new Random(seed);
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextDouble() < zeroFraction ? 0 : (byte) (rnd.nextBoolean() ? 1 : -1);
        }
        return t;
    }

    /**
     * @param n weights
     * @param seed random seed
     * @return absmean-quantized Gaussian weights (about 31 % zeros)
     */
    static byte[] dense(int n, long seed) {
        Random rnd = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        return TernaryQuantizer.quantize(w, 1, n).trits();
    }
}
