package bitnet.linalg;

import java.util.function.Supplier;

/**
 * Chooses between the scalar and the Vector API implementation of the inner kernels (dot, axpy, GEMM, plane
 * rotations) for the calls made inside {@link #call(Mode, Supplier)}. The choice is a {@link ScopedValue}, so two
 * callers in one JVM (the CPU backend in scalar mode, the SIMD backend in vector mode) never see each other's, and
 * the parts of a parallel GEMM or batch run in their caller's mode.
 *
 * <p>The vector classes are loaded only when a vector kernel runs, and the bundle imports
 * {@code jdk.incubator.vector} optionally: without {@code --add-modules jdk.incubator.vector} the library resolves
 * and every entry point runs in scalar mode. Outside any {@code call}, the mode is {@link Mode#VECTOR} when the
 * vector module is usable, else {@link Mode#SCALAR}.
 */
public final class Kernels {
    /** Which implementation the inner kernels use. */
    public enum Mode {
        /** Plain Java loops: the reference, and the only mode without the vector module. */
        SCALAR,
        /** {@code jdk.incubator.vector} kernels ({@code DoubleVector.SPECIES_PREFERRED}). */
        VECTOR
    }

    private static final ScopedValue<Mode> MODE = ScopedValue.newInstance();
    private static final boolean VECTOR_AVAILABLE = probeVector();
    private static final Mode DEFAULT = VECTOR_AVAILABLE ? Mode.VECTOR : Mode.SCALAR;

    private Kernels() {
    }

    private static boolean probeVector() {
        try {
            // Initialising the vector class links DoubleVector and its preferred species through this bundle's wiring.
            Class.forName("bitnet.linalg.VecVector", true, Kernels.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return true if {@code jdk.incubator.vector} is visible to this library, so {@link Mode#VECTOR} can run */
    public static boolean vectorAvailable() {
        return VECTOR_AVAILABLE;
    }

    /** @return the mode of the calling thread: the innermost {@link #call}'s, else the default */
    public static Mode current() {
        return MODE.orElse(DEFAULT);
    }

    /**
     * Runs {@code body} with the inner kernels in {@code mode}, including the parts it runs on other threads.
     *
     * @param mode the kernels to use
     * @param body the computation
     * @return what {@code body} returns
     * @throws UnsupportedOperationException if {@code mode} is {@link Mode#VECTOR} and the vector module is absent
     */
    public static <T> T call(Mode mode, Supplier<T> body) {
        if (mode == Mode.VECTOR && !VECTOR_AVAILABLE) {
            throw new UnsupportedOperationException("vector kernels need the JVM option --add-modules "
                    + "jdk.incubator.vector; use Kernels.Mode.SCALAR without it");
        }
        return ScopedValue.where(MODE, mode).call(body::get);
    }

    /**
     * {@link #call(Mode, Supplier)} for a computation without a result.
     *
     * @param mode the kernels to use
     * @param body the computation
     */
    public static void run(Mode mode, Runnable body) {
        call(mode, () -> {
            body.run();
            return null;
        });
    }

    static boolean vector() {
        return MODE.orElse(DEFAULT) == Mode.VECTOR;
    }
}
