package bitnet.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Operations by name with text parameters: the table behind {@link TensorOps#invoke}. Each entry says how many
 * inputs it takes and which parameters it accepts, so a typo is an error rather than a silently ignored value.
 */
final class NamedOps {
    @FunctionalInterface
    interface Invoker {
        List<Tensor> invoke(TensorOps ops, List<Tensor> in, Params p);
    }

    private static final NameTable<TensorOps> TABLE = new NameTable<>();

    static {
        for (String n : List.of("add", "sub", "mul", "div", "remainder", "pow", "maximum", "minimum", "eq", "ne", "lt",
                "le", "gt", "ge")) {
            Op op = Op.of(n);
            put(n, 2, 2, Set.of(), (ops, in, p) -> List.of(ops.binary(op, in.get(0), in.get(1))));
        }
        for (String n : List.of("neg", "abs", "sqrt", "rsqrt", "exp", "log", "relu", "relu2", "sigmoid", "tanh",
                "silu")) {
            Op op = Op.of(n);
            put(n, 1, 1, Set.of(), (ops, in, p) -> List.of(ops.unary(op, in.get(0))));
        }
        put("gelu", 1, 1, Set.of("approximate"), (ops, in, p) -> {
            String mode = p.text("approximate", "none");
            Op op = switch (mode) {
                case "none" -> Op.GELU;
                case "tanh" -> Op.GELU_TANH;
                default -> throw new IllegalArgumentException("gelu: approximate must be none or tanh, not " + mode);
            };
            return List.of(ops.unary(op, in.get(0)));
        });
        put("where", 3, 3, Set.of(), (ops, in, p) -> List.of(ops.where(in.get(0), in.get(1), in.get(2))));
        put("clamp", 1, 1, Set.of("min", "max"),
                (ops, in, p) -> List.of(ops.clamp(in.get(0), p.number("min", Float.NaN), p.number("max", Float.NaN))));
        for (String n : List.of("sum", "mean", "var", "std", "min", "max", "argmin", "argmax", "prod", "logsumexp")) {
            Op op = Op.of(n);
            put(n, 1, 1, Set.of("axis", "keepdims", "ddof"), (ops, in, p) -> List.of(ops.reduce(op, in.get(0),
                    p.bool("keepdims", false), p.number("ddof", 0), p.ints("axis"))));
        }
        put("softmax", 1, 1, Set.of("axis"),
                (ops, in, p) -> List.of(ops.softmax(Op.SOFTMAX, in.get(0), p.integer("axis", -1))));
        put("log_softmax", 1, 1, Set.of("axis"),
                (ops, in, p) -> List.of(ops.softmax(Op.LOG_SOFTMAX, in.get(0), p.integer("axis", -1))));
        put("rms_norm", 1, 2, Set.of("eps"), (ops, in, p) -> List.of(ops.rmsNorm(in.get(0),
                in.size() > 1 ? in.get(1) : null, p.number("eps", 1e-6f))));
        put("layer_norm", 1, 3, Set.of("eps"), (ops, in, p) -> List.of(ops.layerNorm(in.get(0),
                in.size() > 1 ? in.get(1) : null, in.size() > 2 ? in.get(2) : null, p.number("eps", 1e-5f))));
        put("matmul", 2, 2, Set.of(), (ops, in, p) -> List.of(ops.matmul(in.get(0), in.get(1))));
        put("dot", 2, 2, Set.of(), (ops, in, p) -> List.of(ops.dot(in.get(0), in.get(1))));
        put("outer", 2, 2, Set.of(), (ops, in, p) -> List.of(ops.outer(in.get(0), in.get(1))));
        put("transpose", 1, 1, Set.of("axes"), (ops, in, p) -> List.of(ops.transpose(in.get(0), p.ints("axes"))));
        put("reshape", 1, 1, Set.of("shape"), (ops, in, p) -> {
            try (Tensor c = in.get(0).contiguous()) {
                return List.of(c.reshape(p.longs("shape")));
            }
        });
        put("squeeze", 1, 1, Set.of("axis"), (ops, in, p) -> List.of(ops.squeeze(in.get(0), p.ints("axis"))));
        put("unsqueeze", 1, 1, Set.of("axis"),
                (ops, in, p) -> List.of(ops.unsqueeze(in.get(0), p.integer("axis", Integer.MIN_VALUE))));
        put("concat", 1, Integer.MAX_VALUE, Set.of("axis"), (ops, in, p) -> List.of(ops.concat(in, p.integer("axis", 0))));
        put("stack", 1, Integer.MAX_VALUE, Set.of("axis"), (ops, in, p) -> List.of(ops.stack(in, p.integer("axis", 0))));
        put("split", 1, 1, Set.of("sections", "indices", "axis"), (ops, in, p) -> p.has("indices")
                ? ops.splitAt(in.get(0), p.longs("indices"), p.integer("axis", 0))
                : ops.split(in.get(0), p.integer("sections", Integer.MIN_VALUE), p.integer("axis", 0)));
        put("index_select", 2, 2, Set.of("axis"),
                (ops, in, p) -> List.of(ops.indexSelect(in.get(0), in.get(1), p.integer("axis", 0))));
        put("quantize_ternary", 1, 1, Set.of("per_channel"),
                (ops, in, p) -> ops.quantizeTernary(in.get(0), p.bool("per_channel", false)));
        put("bitlinear", 3, 4, Set.of(), (ops, in, p) -> {
            try (Tensor w = QuantizedOps.valuesAs(in.get(0), DType.TERNARY, "bitlinear weights")) {
                return List.of(ops.bitLinear(w, in.get(1), in.get(2), in.size() > 3 ? in.get(3) : null));
            }
        });
        put("quantize", 1, 3, Set.of("scheme", "granularity", "group"), QuantizedOps::quantize);
        put("dequantize", 1, 3, Set.of("scheme", "granularity", "group"), QuantizedOps::dequantize);
        put("pack_ternary", 1, 1, Set.of("strategy"), QuantizedOps::pack);
        put("unpack_ternary", 1, 1, Set.of(), (ops, in, p) -> List.of(ops.unpackTernary(in.get(0))));
        put("embedding", 2, 2, Set.of(), (ops, in, p) -> List.of(ops.embedding(in.get(0), in.get(1))));
        put("rope", 2, 2, Set.of("theta"), (ops, in, p) -> List.of(ops.rope(in.get(0), in.get(1),
                p.number("theta", 10000f))));
        put("attention", 3, 3, Set.of("start", "scale"), (ops, in, p) -> List.of(ops.attention(in.get(0), in.get(1),
                in.get(2), p.integer("start", 0), p.number("scale",
                        (float) (1 / Math.sqrt(in.get(0).rank() == 3 ? in.get(0).dim(2) : 1))))));
        put("linear", 2, 3, Set.of(), (ops, in, p) -> List.of(ops.linear(in.get(0), in.size() > 2 ? in.get(2) : null,
                in.get(1))));
        put("cast", 1, 1, Set.of("dtype"), (ops, in, p) -> List.of(ops.cast(in.get(0), dtype(p.text("dtype", null)))));
    }

    private NamedOps() {
    }

    private static void put(String name, int min, int max, Set<String> params, Invoker invoker) {
        TABLE.put(name, min, max, params, (ops, in, values) -> invoker.invoke(ops, in, new Params(name, values)));
    }

    static List<String> names() {
        return TABLE.names();
    }

    static List<Tensor> invoke(TensorOps ops, String name, List<Tensor> inputs, Map<String, String> params) {
        return TABLE.invoke(ops, name, inputs, params);
    }

    static DType dtype(String name) {
        if (name == null) {
            throw new IllegalArgumentException("cast needs dtype=...");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> DType.F32;
            case "float64", "f64" -> DType.F64;
            case "float16", "f16" -> DType.F16;
            case "bfloat16", "bf16" -> DType.BF16;
            case "int8", "i8" -> DType.I8;
            case "int32", "i32" -> DType.I32;
            default -> throw new IllegalArgumentException("unknown dtype '" + name
                    + "'; known: float32, float64, float16, bfloat16, int8, int32");
        };
    }

    /** Text parameters with typed, checked access. */
    record Params(String op, Map<String, String> values) {
        boolean has(String key) {
            return values.containsKey(key);
        }

        String text(String key, String dflt) {
            return values.getOrDefault(key, dflt);
        }

        float number(String key, float dflt) {
            String v = values.get(key);
            try {
                return v == null ? dflt : Float.parseFloat(v.trim());
            } catch (NumberFormatException e) {
                throw bad(key, v, "a number");
            }
        }

        boolean bool(String key, boolean dflt) {
            String v = values.get(key);
            if (v == null) {
                return dflt;
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw bad(key, v, "true or false");
            };
        }

        int integer(String key, int dflt) {
            String v = values.get(key);
            if (v == null) {
                if (dflt == Integer.MIN_VALUE) {
                    throw new IllegalArgumentException(op + " needs " + key + "=...");
                }
                return dflt;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw bad(key, v, "an integer");
            }
        }

        int[] ints(String key) {
            long[] l = longs(key);
            int[] out = new int[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = Math.toIntExact(l[i]);
            }
            return out;
        }

        long[] longs(String key) {
            String v = values.get(key);
            if (v == null || v.isBlank() || v.trim().equals("none")) {
                return new long[0];
            }
            String body = v.trim().replaceAll("^[\\[(]|[\\])]$", "");
            List<Long> out = new ArrayList<>();
            for (String part : body.split(",")) {
                if (!part.isBlank()) {
                    try {
                        out.add(Long.parseLong(part.trim()));
                    } catch (NumberFormatException e) {
                        throw bad(key, v, "integers separated by commas");
                    }
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        private IllegalArgumentException bad(String key, String value, String expected) {
            return new IllegalArgumentException(op + ": " + key + "=" + value + " is not " + expected);
        }
    }

}
