package bitnet.quant.kernel;

import bitnet.api.quant.QuantizationException;

/** Shape checks shared by the ternary kernels, done once per call outside the loops. */
final class KernelChecks {
    private KernelChecks() {
    }

    static void shapes(TernaryMatrix w, Int8Activations x, int[] out) {
        if (x.cols() != w.cols() || x.stride() != w.paddedCols()) {
            throw new QuantizationException("activations of length " + x.cols() + " (padded " + x.stride()
                    + ") do not fit a matrix with " + w.cols() + " columns (padded " + w.paddedCols()
                    + "); prepare them with Int8Activations.of(xq, n, matrix)");
        }
        if ((long) x.count() * w.rows() > out.length) {
            throw new QuantizationException("output holds " + out.length + " ints but " + x.count() + " x "
                    + w.rows() + " are needed");
        }
    }

    static void rows(TernaryMatrix w, int rowFrom, int rowTo) {
        if (rowFrom < 0 || rowTo > w.rows() || rowFrom > rowTo) {
            throw new QuantizationException("row range [" + rowFrom + ", " + rowTo + ") is outside the matrix's "
                    + w.rows() + " rows");
        }
    }
}
