package bitnet.core.ops;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.linalg.DispatchingLinearAlgebra;
import bitnet.core.linalg.LinalgNamedOps;
import bitnet.core.tensor.DenseTensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.core.tensor.Shapes;

/**
 * {@link TensorOps} over the dispatcher: validates operands, works out result shapes (broadcasting, matmul
 * promotion, reductions over several axes), allocates the result and hands a fully prepared {@link OpCall} to
 * the dispatcher. Shape operations run in {@link ShapeOps}.
 */
@Component(service = TensorOps.class)
public final class DispatchingTensorOps implements TensorOps {
    private final Dispatcher dispatcher;
    private final PooledTensorFactory factory;
    private final ShapeOps shapes;
    private final Quantization quantization;
    private final DispatchingLinearAlgebra linalg;
    private final TransformerOps transformer;

    /**
     * @param dispatcher picks the backend
     * @param factory allocates results; must be the platform's {@link PooledTensorFactory}
     */
    @Activate
    public DispatchingTensorOps(@Reference Dispatcher dispatcher, @Reference TensorFactory factory) {
        this.dispatcher = dispatcher;
        if (!(factory instanceof PooledTensorFactory pooled)) {
            throw new IllegalArgumentException("DispatchingTensorOps needs the platform's PooledTensorFactory, got "
                    + factory.getClass().getName());
        }
        this.factory = pooled;
        this.shapes = new ShapeOps(pooled);
        this.quantization = new Quantization(dispatcher, pooled);
        this.linalg = new DispatchingLinearAlgebra(dispatcher, pooled);
        this.transformer = new TransformerOps(dispatcher, pooled);
    }

    @Override
    public Tensor binary(Op op, Tensor a, Tensor b) {
        if (op.family() != Op.Family.ELEMENTWISE && op.family() != Op.Family.COMPARISON || op == Op.WHERE
                || op == Op.CLAMP || !isBinary(op)) {
            throw new IllegalArgumentException(op.id() + " is not a binary element-wise operation");
        }
        requireF32(op, a);
        requireF32(op, b);
        long[] shape = Shapes.broadcast(a.shape(), b.shape());
        try (Tensor av = a.broadcastTo(shape); Tensor bv = b.broadcastTo(shape)) {
            return run(factory.empty(DType.F32, shape), out -> new OpCall.Binary(op, av, bv, out));
        }
    }

    private static boolean isBinary(Op op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, REMAINDER, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    @Override
    public Tensor binary(Op op, Tensor a, float b) {
        try (Tensor scalar = factory.full(DType.F32, b)) {
            return binary(op, a, scalar);
        }
    }

    @Override
    public Tensor binaryInPlace(Op op, Tensor a, Tensor b) {
        long[] shape = Shapes.broadcast(a.shape(), b.shape());
        if (!Arrays.equals(shape, a.shape())) {
            throw new ShapeMismatchException(op.id() + " in place: " + Arrays.toString(b.shape())
                    + " does not broadcast to " + Arrays.toString(a.shape()) + " without growing it");
        }
        // Computing into a fresh buffer first keeps `a` untouched if the call fails, and lets b alias a.
        try (Tensor result = binary(op, a, b)) {
            ShapeOps.dense(a).copyFrom(result);
        }
        return a;
    }

    @Override
    public Tensor unary(Op op, Tensor x) {
        if (!isUnary(op)) {
            throw new IllegalArgumentException(op.id() + " is not a unary element-wise operation");
        }
        requireF32(op, x);
        return run(factory.empty(DType.F32, x.shape()), out -> new OpCall.Unary(op, x, out));
    }

    private static boolean isUnary(Op op) {
        return switch (op) {
            case NEG, ABS, SQRT, RSQRT, EXP, LOG, RELU, RELU2, GELU, GELU_TANH, SILU, SIGMOID, TANH -> true;
            default -> false;
        };
    }

    @Override
    public Tensor unaryInPlace(Op op, Tensor x) {
        try (Tensor result = unary(op, x)) {
            ShapeOps.dense(x).copyFrom(result);
        }
        return x;
    }

    @Override
    public Tensor where(Tensor mask, Tensor x, Tensor y) {
        requireF32(Op.WHERE, x);
        requireF32(Op.WHERE, y);
        long[] shape = Shapes.broadcast(Shapes.broadcast(mask.shape(), x.shape()), y.shape());
        try (Tensor m = mask.dtype() == DType.F32 ? mask.contiguous() : mask.to(DType.F32);
                Tensor mv = m.broadcastTo(shape); Tensor xv = x.broadcastTo(shape); Tensor yv = y.broadcastTo(shape)) {
            return run(factory.empty(DType.F32, shape), out -> new OpCall.Where(mv, xv, yv, out));
        }
    }

    @Override
    public Tensor clamp(Tensor x, float min, float max) {
        requireF32(Op.CLAMP, x);
        return run(factory.empty(DType.F32, x.shape()), out -> new OpCall.Clamp(x, min, max, out));
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        requireF32(Op.MATMUL, a);
        requireF32(Op.MATMUL, b);
        return MatMulShapes.matmul(a, b, factory, (a3, b3, out) -> run(out, o -> new OpCall.MatMul(a3, b3, o)));
    }

    @Override
    public Tensor dot(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1 || a.dim(0) != b.dim(0)) {
            throw new ShapeMismatchException("dot needs two vectors of the same length, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        return matmul(a, b);
    }

    @Override
    public Tensor outer(Tensor a, Tensor b) {
        if (a.rank() != 1 || b.rank() != 1) {
            throw new ShapeMismatchException("outer needs two vectors, got " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()));
        }
        try (Tensor column = shapes.unsqueeze(a, 1); Tensor row = shapes.unsqueeze(b, 0)) {
            return binary(Op.MUL, column, row);
        }
    }

    @Override
    public Tensor reduce(Op op, Tensor x, boolean keepDims, double ddof, int... axes) {
        if (op.family() != Op.Family.REDUCTION) {
            throw new IllegalArgumentException(op.id() + " is not a reduction");
        }
        requireF32(op, x);
        return Reductions.reduce(op, x, keepDims, ddof, axes, factory, call -> run(call.output(), o -> call));
    }

    @Override
    public Tensor softmax(Op op, Tensor x, int axis) {
        if (op != Op.SOFTMAX && op != Op.LOG_SOFTMAX) {
            throw new IllegalArgumentException(op.id() + " is not softmax or log_softmax");
        }
        requireF32(op, x);
        int ax = Shapes.axis(axis, x.rank());
        return run(factory.empty(DType.F32, x.shape()), out -> new OpCall.Softmax(op, x, ax, out));
    }

    @Override
    public Tensor rmsNorm(Tensor x, Tensor weight, float eps) {
        return norm(Op.RMS_NORM, x, weight, null, eps);
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        return norm(Op.LAYER_NORM, x, weight, bias, eps);
    }

    private Tensor norm(Op op, Tensor x, Tensor weight, Tensor bias, float eps) {
        requireF32(op, x);
        if (x.rank() == 0) {
            throw new ShapeMismatchException(op.id() + " needs at least one axis");
        }
        long d = x.dim(-1);
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null) {
                requireF32(op, p);
                if (p.rank() != 1 || p.dim(0) != d) {
                    throw new ShapeMismatchException(op.id() + ": weight and bias must have shape [" + d + "], got "
                            + Arrays.toString(p.shape()));
                }
            }
        }
        return run(factory.empty(DType.F32, x.shape()), out -> new OpCall.Norm(op, x, weight, bias, eps, out));
    }

    @Override
    public List<Tensor> quantizeTernary(Tensor weights, boolean perChannel) {
        return quantization.ternary(weights, perChannel);
    }

    @Override
    public QuantizedTensor quantize(Tensor x, QuantSpec spec) {
        return quantization.quantize(x, spec, null, null);
    }

    @Override
    public QuantizedTensor quantize(Tensor x, QuantSpec spec, Tensor scales, Tensor zeroPoints) {
        if (spec.hasScales() && scales == null) {
            throw new QuantizationException("static quantization needs the calibrated scales of shape "
                    + Arrays.toString(spec.scaleShape(x.shape())) + "; use quantize(x, spec) for dynamic scales");
        }
        return quantization.quantize(x, spec, scales, zeroPoints);
    }

    @Override
    public Tensor dequantize(QuantizedTensor q) {
        return quantization.dequantize(q);
    }

    @Override
    public Tensor packTernary(Tensor ternary, PackingStrategy strategy) {
        return quantization.pack(ternary, strategy);
    }

    @Override
    public Tensor unpackTernary(Tensor packed) {
        return quantization.unpack(packed);
    }

    @Override
    public Tensor bitLinear(Tensor weights, Tensor gamma, Tensor x, Tensor bias) {
        requireF32(Op.BITLINEAR, x);
        if (weights.dtype() != DType.TERNARY || weights.rank() != 2) {
            throw new UnsupportedDTypeException("bitlinear: weights must be a TERNARY matrix (see quantizeTernary), got "
                    + weights.dtype() + " " + Arrays.toString(weights.shape()));
        }
        long out = weights.dim(0);
        long in = weights.dim(1);
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new ShapeMismatchException("bitlinear: input " + Arrays.toString(x.shape()) + " does not end in "
                    + in + ", the weights' input features");
        }
        boolean perTensor = gamma.size() == 1 && gamma.rank() <= 1;
        if (gamma.dtype() != DType.F32 || !(perTensor || gamma.rank() == 1 && gamma.dim(0) == out)) {
            throw new ShapeMismatchException("bitlinear: gamma must be F32 [" + out + "] (per row), or [1] or a scalar "
                    + "(per tensor), got " + gamma.dtype() + " " + Arrays.toString(gamma.shape()));
        }
        if (bias != null && (bias.dtype() != DType.F32 || bias.rank() != 1 || bias.dim(0) != out)) {
            throw new ShapeMismatchException("bitlinear: bias must be F32 [" + out + "], got " + bias.dtype() + " "
                    + Arrays.toString(bias.shape()));
        }
        long[] shape = x.shape();
        long tokens = x.size() / in;
        shape[shape.length - 1] = out;
        // One gamma for the tensor travels as a scalar, whichever of [1] and [] the caller holds it in.
        try (Tensor w = weights.contiguous(); Tensor flat = x.contiguous(); Tensor x2 = flat.reshape(tokens, in);
                Tensor g0 = gamma.contiguous(); Tensor g = perTensor ? g0.reshape() : g0.slice()) {
            Tensor y = run(factory.empty(DType.F32, tokens, out), o -> new OpCall.BitLinear(w, g, x2, bias, o));
            try (y) {
                return y.reshape(shape);
            }
        }
    }

    @Override
    public Tensor transpose(Tensor x, int... axes) {
        return shapes.transpose(x, axes);
    }

    @Override
    public Tensor squeeze(Tensor x, int... axes) {
        return shapes.squeeze(x, axes);
    }

    @Override
    public Tensor unsqueeze(Tensor x, int axis) {
        return shapes.unsqueeze(x, axis);
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        return shapes.concat(tensors, axis);
    }

    @Override
    public Tensor stack(List<Tensor> tensors, int axis) {
        return shapes.stack(tensors, axis);
    }

    @Override
    public List<Tensor> split(Tensor x, int sections, int axis) {
        return shapes.split(x, sections, axis);
    }

    @Override
    public List<Tensor> splitAt(Tensor x, long[] indices, int axis) {
        return shapes.splitAt(x, indices, axis);
    }

    @Override
    public Tensor indexSelect(Tensor x, Tensor indices, int axis) {
        return shapes.indexSelect(x, indices, axis);
    }

    @Override
    public List<Tensor> invoke(String name, List<Tensor> inputs, java.util.Map<String, String> params) {
        if (LinalgNamedOps.has(name)) {
            return LinalgNamedOps.invoke(linalg, name, inputs, params);
        }
        return NamedOps.invoke(this, name, inputs, params);
    }

    @Override
    public List<String> operationNames() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(NamedOps.names());
        names.addAll(LinalgNamedOps.names());
        return List.copyOf(names);
    }

    @Override
    public Tensor embedding(Tensor table, Tensor ids) {
        return transformer.embedding(table, ids);
    }

    @Override
    public Tensor rope(Tensor x, Tensor positions, float theta) {
        return transformer.rope(x, positions, theta);
    }

    @Override
    public Tensor attention(Tensor query, Tensor keys, Tensor values, int start, float scale) {
        return transformer.attention(query, keys, values, start, scale);
    }

    @Override
    public Tensor linear(Tensor weights, Tensor scales, Tensor x) {
        return transformer.linear(weights, scales, x);
    }

    @Override
    public void copy(Tensor source, Tensor target) {
        transformer.copy(source, target);
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        return x.to(dtype);
    }

    private Tensor run(Tensor out, Function<Tensor, OpCall> call) {
        try {
            dispatcher.execute(call.apply(out));
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private static void requireF32(Op op, Tensor x) {
        if (x.dtype() != DType.F32) {
            throw new UnsupportedDTypeException(op.id() + " accepts F32 tensors, not " + x.dtype()
                    + "; convert with cast(x, DType.F32)");
        }
    }

    static DenseTensor dense(Tensor t) {
        return ShapeOps.dense(t);
    }
}
