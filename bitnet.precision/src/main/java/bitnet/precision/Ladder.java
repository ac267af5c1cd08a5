package bitnet.precision;

import bitnet.api.precision.Precision;

/**
 * The steps memory pressure lowers a precision by: F32 to BF16 (keeps the exponent range), F16 and BF16 to INT8,
 * INT8 to INT4, INT4 to TERNARY; never below a floor, and never raising a precision already under the floor.
 */
final class Ladder {
    private Ladder() {
    }

    /**
     * @param p the policy's precision
     * @param steps how many steps to lower, at least 0
     * @param floor the narrowest precision pressure may reach
     * @return the lowered precision
     */
    static Precision lower(Precision p, int steps, Precision floor) {
        Precision q = p;
        for (int i = 0; i < steps; i++) {
            Precision next = switch (q) {
                case F32 -> Precision.BF16;
                case F16, BF16 -> Precision.INT8;
                case INT8 -> Precision.INT4;
                case INT4, TERNARY -> Precision.TERNARY;
            };
            if (next.isNarrowerThan(floor) || next == q) {
                break;
            }
            q = next;
        }
        return q;
    }
}
