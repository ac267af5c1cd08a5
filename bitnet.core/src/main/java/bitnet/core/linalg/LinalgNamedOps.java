package bitnet.core.linalg;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import bitnet.api.linalg.LinearAlgebra;
import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.Tensor;
import bitnet.core.ops.NameTable;

/**
 * The linear algebra part of the {@code TensorOps.invoke} name table ({@code bitnet:op}): NumPy's names and
 * parameters. Several results come back in NumPy's order ({@code qr}: Q, R; {@code svd}: U, S, Vh; {@code eigh}:
 * w, V; {@code lu}: P, L, U; {@code slogdet}: sign, logabsdet; {@code lstsq}: x, residuals, rank, s).
 */
public final class LinalgNamedOps {
    private static final NameTable<LinearAlgebra> TABLE = new NameTable<>();

    static {
        put("cholesky", 1, Set.of(), (la, in, p) -> List.of(la.cholesky(in.get(0))));
        put("lu", 1, Set.of(), (la, in, p) -> la.lu(in.get(0)).tensors());
        put("inv", 1, Set.of(), (la, in, p) -> List.of(la.inv(in.get(0))));
        put("det", 1, Set.of(), (la, in, p) -> List.of(la.det(in.get(0))));
        put("slogdet", 1, Set.of(), (la, in, p) -> la.slogdet(in.get(0)).tensors());
        put("eigh", 1, Set.of(), (la, in, p) -> la.eigh(in.get(0)).tensors());
        put("eigvalsh", 1, Set.of(), (la, in, p) -> List.of(la.eigvalsh(in.get(0))));
        put("solve", 2, Set.of(), (la, in, p) -> List.of(la.solve(in.get(0), in.get(1))));
        put("qr", 1, Set.of("mode"), (la, in, p) -> la.qr(in.get(0), qrMode(p.getOrDefault("mode", "reduced")))
                .tensors());
        put("svd", 1, Set.of("mode"), (la, in, p) -> la.svd(in.get(0), svdMode(p.getOrDefault("mode", "full")))
                .tensors());
        put("lstsq", 2, Set.of("rcond"), (la, in, p) -> la.lstsq(in.get(0), in.get(1),
                number("lstsq", "rcond", p.get("rcond"), -1)).tensors());
        put("pinv", 1, Set.of("rcond"), (la, in, p) -> List.of(la.pinv(in.get(0),
                number("pinv", "rcond", p.get("rcond"), 1e-15))));
        put("cond", 1, Set.of("p"), (la, in, p) -> List.of(la.cond(in.get(0), norm("cond", "p",
                p.getOrDefault("p", "2")))));
        put("norm", 1, Set.of("ord"), (la, in, p) -> List.of(la.norm(in.get(0), norm("norm", "ord",
                p.getOrDefault("ord", "fro")))));
        TABLE.put("einsum", 1, Integer.MAX_VALUE, Set.of("subscripts"), (la, in, p) -> {
            String subscripts = p.get("subscripts");
            if (subscripts == null) {
                throw new IllegalArgumentException("einsum needs subscripts=..., e.g. subscripts=ij,jk->ik");
            }
            return List.of(la.einsum(subscripts, in.toArray(Tensor[]::new)));
        });
    }

    private LinalgNamedOps() {
    }

    private static void put(String name, int inputs, Set<String> params, NameTable.Invoker<LinearAlgebra> invoker) {
        TABLE.put(name, inputs, inputs, params, invoker);
    }

    /** @return true if {@code name} (any case) is a linear algebra operation */
    public static boolean has(String name) {
        return TABLE.has(name);
    }

    /** @return the linear algebra operation names, sorted */
    public static List<String> names() {
        return TABLE.names();
    }

    /**
     * @param la the service to call
     * @param name an operation for which {@link #has} is true
     * @param inputs its operands
     * @param params text parameters ({@code mode=thin}, {@code subscripts=ij,jk->ik})
     * @return the results, each owned by the caller
     * @throws IllegalArgumentException for a wrong input count, an unknown parameter or a value that does not parse
     */
    public static List<Tensor> invoke(LinearAlgebra la, String name, List<Tensor> inputs, Map<String, String> params) {
        return TABLE.invoke(la, name, inputs, params);
    }

    static QrMode qrMode(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "reduced" -> QrMode.REDUCED;
            case "complete" -> QrMode.COMPLETE;
            case "r" -> QrMode.R_ONLY;
            default -> throw new IllegalArgumentException("qr: mode=" + v + " is not reduced, complete or r");
        };
    }

    static SvdMode svdMode(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "full" -> SvdMode.FULL;
            case "thin", "reduced" -> SvdMode.THIN;
            case "values", "none" -> SvdMode.VALUES_ONLY;
            default -> throw new IllegalArgumentException("svd: mode=" + v + " is not full, thin or values");
        };
    }

    static MatrixNorm norm(String op, String key, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "fro" -> MatrixNorm.FROBENIUS;
            case "nuc" -> MatrixNorm.NUCLEAR;
            case "1" -> MatrixNorm.ONE;
            case "2" -> MatrixNorm.TWO;
            case "inf" -> MatrixNorm.INF;
            default -> throw new IllegalArgumentException(op + ": " + key + "=" + v + " is not fro, nuc, 1, 2 or inf");
        };
    }

    private static double number(String op, String key, String v, double dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(op + ": " + key + "=" + v + " is not a number");
        }
    }
}
