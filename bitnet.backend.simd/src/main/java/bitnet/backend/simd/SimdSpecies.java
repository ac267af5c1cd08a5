package bitnet.backend.simd;

import java.util.Locale;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every kernel uses, chosen once when the class loads.
 *
 * <p>It is a {@code static final} on purpose: the JIT only intrinsifies Vector API calls whose species is a
 * constant, so a species read from a component field would fall back to scalar Java code. The override is the
 * JVM property {@code bitnet.simd.bits} ({@code 64}, {@code 128}, {@code 256}, {@code 512} or
 * {@code preferred}), which tests use to run every width.
 */
final class SimdSpecies {
    /** System property selecting the vector width in bits. */
    static final String PROPERTY = "bitnet.simd.bits";

    static final VectorSpecies<Float> FLOAT = choose(System.getProperty(PROPERTY, "preferred"));

    private SimdSpecies() {
    }

    static VectorSpecies<Float> choose(String bits) {
        return switch (bits.trim().toLowerCase(Locale.ROOT)) {
            case "preferred", "" -> FloatVector.SPECIES_PREFERRED;
            case "64" -> FloatVector.SPECIES_64;
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(PROPERTY + " must be 64, 128, 256, 512 or preferred, was '"
                    + bits + "'");
        };
    }

    /** @return for example {@code "FloatVector 256 bits x 8 lanes (preferred)"} */
    static String describe() {
        boolean preferred = FLOAT.vectorShape() == VectorShape.preferredShape();
        return "FloatVector " + FLOAT.vectorBitSize() + " bits x " + FLOAT.length() + " lanes"
                + (preferred ? " (preferred)" : " (override " + PROPERTY + ")");
    }
}
