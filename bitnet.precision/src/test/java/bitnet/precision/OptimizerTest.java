package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.Objectives;
import bitnet.api.precision.PrecisionException;

class OptimizerTest {
    @Test
    void normalisesByTheBestValue() {
        assertArrayEquals(new double[] {1, 2, 1.5}, Optimizer.normalised(new double[] {2, 4, 3}), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, Optimizer.normalised(new double[] {0, 0.5, 1}), 1e-12);
    }

    @Test
    void weightsMustBeUsable() {
        assertThrows(PrecisionException.class, () -> new Objectives(-1, 0, 1));
        assertThrows(PrecisionException.class, () -> new Objectives(0, 0, 0));
        assertThrows(PrecisionException.class, () -> new Objectives(Double.NaN, 0, 1));
        assertThrows(PrecisionException.class, () -> Optimizer.choose(List.of(), new Objectives(1, 0, 0)));
    }

    @Test
    void ladderLowersStepByStepDownToTheFloor() {
        assertEquals(bitnet.api.precision.Precision.F16,
                Ladder.lower(bitnet.api.precision.Precision.F16, 0, bitnet.api.precision.Precision.INT4));
        assertEquals(bitnet.api.precision.Precision.INT8,
                Ladder.lower(bitnet.api.precision.Precision.F16, 1, bitnet.api.precision.Precision.INT4));
        assertEquals(bitnet.api.precision.Precision.INT4,
                Ladder.lower(bitnet.api.precision.Precision.F32, 5, bitnet.api.precision.Precision.INT4));
        assertEquals(bitnet.api.precision.Precision.TERNARY,
                Ladder.lower(bitnet.api.precision.Precision.TERNARY, 2, bitnet.api.precision.Precision.INT8));
        assertEquals(bitnet.api.precision.Precision.BF16,
                Ladder.lower(bitnet.api.precision.Precision.F32, 3, bitnet.api.precision.Precision.F16));
    }
}
