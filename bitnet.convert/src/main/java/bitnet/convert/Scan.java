package bitnet.convert;

import bitnet.api.tensor.Tensor;

/**
 * One pass over a source collecting what scaled and quantization-aware strategies need, and whether every value
 * is finite: absmax, the sum of |x| (in double, as {@code TernaryQuantizer.absMean} sums), and optionally the
 * absmax of every row of the last axis (in float, as {@code ActivationQuantizer.scale} computes it).
 *
 * @param finite true if no value is NaN or infinite
 * @param firstNonFinite row-major index of the first non-finite value, or -1
 * @param absMax max |x| over finite values
 * @param absSum sum of |x|
 * @param rowMax per-row max |x|, or null when not asked for
 */
record Scan(boolean finite, long firstNonFinite, double absMax, double absSum, float[] rowMax) {

    static Scan of(Tensor source, long rowLength, boolean rows) {
        long n = source.size();
        float[] rowMax = rows ? new float[Math.toIntExact(rowLength == 0 ? 0 : n / rowLength)] : null;
        SourceWalk walk = new SourceWalk(source);
        walk.seek(0);
        double[] tile = new double[Converter.TILE];
        long bad = -1;
        double max = 0;
        double sum = 0;
        int row = 0;
        long left = rowLength;
        for (long from = 0; from < n; from += Converter.TILE) {
            int len = (int) Math.min(Converter.TILE, n - from);
            walk.next(tile, len);
            for (int k = 0; k < len; k++) {
                double x = tile[k];
                if (Double.isFinite(x)) {
                    max = Math.max(max, Math.abs(x));
                    sum += Math.abs((float) x);
                } else if (bad < 0) {
                    bad = from + k;
                }
            }
            if (rowMax != null) {
                // A countdown over the rows instead of a division per element.
                for (int k = 0; k < len; k++) {
                    if (left == 0) {
                        row++;
                        left = rowLength;
                    }
                    double x = tile[k];
                    if (Double.isFinite(x)) {
                        rowMax[row] = Math.max(rowMax[row], Math.abs((float) x));
                    }
                    left--;
                }
            }
        }
        return new Scan(bad < 0, bad, max, sum, rowMax);
    }
}
