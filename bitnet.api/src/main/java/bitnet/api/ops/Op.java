package bitnet.api.ops;

import java.util.Locale;

/**
 * The operations the dispatcher routes. Their shell and configuration name is {@link #id()}, the lower-case
 * enum name ({@code matmul}, {@code softmax}, ...).
 */
public enum Op {
    /** Element-wise {@code a + b} with NumPy broadcasting. */
    ADD(Family.ELEMENTWISE),
    /** Element-wise {@code a - b} with NumPy broadcasting. */
    SUB(Family.ELEMENTWISE),
    /** Element-wise {@code a * b} with NumPy broadcasting. */
    MUL(Family.ELEMENTWISE),
    /** Element-wise {@code a / b} with NumPy broadcasting (IEEE division: x/0 is ±inf or NaN). */
    DIV(Family.ELEMENTWISE),
    /** Matrix product over the last two axes, leading axes broadcast as batch axes. */
    MATMUL(Family.LINALG),
    /** Sum over an axis. */
    SUM(Family.REDUCTION),
    /** Arithmetic mean over an axis. */
    MEAN(Family.REDUCTION),
    /** {@code max(x, 0)}. */
    RELU(Family.ACTIVATION),
    /** GELU, exact form {@code x * Phi(x)} with the Gaussian CDF via erf. */
    GELU(Family.ACTIVATION),
    /** Numerically stable softmax along an axis. */
    SOFTMAX(Family.ACTIVATION);

    /** Groups of operations, for reports and benchmarks. */
    public enum Family {
        /** Element-wise arithmetic. */
        ELEMENTWISE,
        /** Matrix products. */
        LINALG,
        /** Reductions over axes. */
        REDUCTION,
        /** Activations and normalisations. */
        ACTIVATION
    }

    private final Family family;

    Op(Family family) {
        this.family = family;
    }

    /** @return the family this operation belongs to */
    public Family family() {
        return family;
    }

    /** @return the lower-case name used by the shell and in configuration */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id an operation name, any case ({@code "matmul"})
     * @return the operation
     * @throws IllegalArgumentException naming the known operations if {@code id} is none of them
     */
    public static Op of(String id) {
        for (Op op : values()) {
            if (op.id().equalsIgnoreCase(id)) {
                return op;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Op op : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(op.id());
        }
        throw new IllegalArgumentException("unknown operation '" + id + "'; known: " + known);
    }
}
