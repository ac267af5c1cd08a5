package bitnet.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.tensor.DenseTensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.core.tensor.Shapes;

/**
 * Shape and indexing operations: views where the layout allows (transpose, squeeze, unsqueeze, split), copies
 * otherwise (concat, stack, index_select). They move memory without arithmetic, so they run here rather than on
 * a compute backend.
 */
final class ShapeOps {
    private final PooledTensorFactory factory;

    ShapeOps(PooledTensorFactory factory) {
        this.factory = factory;
    }

    static DenseTensor dense(Tensor t) {
        if (t instanceof DenseTensor d) {
            return d;
        }
        throw new IllegalArgumentException("tensor " + t + " was not created by the platform's TensorFactory");
    }

    Tensor transpose(Tensor x, int... axes) {
        if (axes.length == 0) {
            int[] reversed = new int[x.rank()];
            for (int i = 0; i < reversed.length; i++) {
                reversed[i] = reversed.length - 1 - i;
            }
            return x.permute(reversed);
        }
        return x.permute(axes);
    }

    Tensor squeeze(Tensor x, int... axes) {
        long[] shape = x.shape();
        long[] strides = x.strides();
        boolean[] drop = new boolean[shape.length];
        if (axes.length == 0) {
            for (int i = 0; i < shape.length; i++) {
                drop[i] = shape[i] == 1;
            }
        }
        for (int a : axes) {
            int ax = Shapes.axis(a, shape.length);
            if (shape[ax] != 1) {
                throw new IllegalArgumentException("cannot squeeze axis " + a + " of shape " + Arrays.toString(shape)
                        + ": its extent is " + shape[ax] + ", not 1");
            }
            drop[ax] = true;
        }
        int rank = 0;
        long[] newShape = new long[shape.length];
        long[] newStrides = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (!drop[i]) {
                newShape[rank] = shape[i];
                newStrides[rank++] = strides[i];
            }
        }
        return dense(x).view(Arrays.copyOf(newShape, rank), Arrays.copyOf(newStrides, rank), x.offset());
    }

    Tensor unsqueeze(Tensor x, int axis) {
        int rank = x.rank();
        int at = axis < 0 ? axis + rank + 1 : axis;
        if (at < 0 || at > rank) {
            throw new IllegalArgumentException("unsqueeze axis " + axis + " is out of range for rank " + rank);
        }
        long[] shape = x.shape();
        long[] strides = x.strides();
        long[] newShape = new long[rank + 1];
        long[] newStrides = new long[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == at) {
                newShape[i] = 1;
                newStrides[i] = 0;
            } else {
                newShape[i] = shape[j];
                newStrides[i] = strides[j++];
            }
        }
        return dense(x).view(newShape, newStrides, x.offset());
    }

    Tensor concat(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        Tensor first = tensors.get(0);
        int ax = Shapes.axis(axis, first.rank());
        long[] shape = first.shape();
        long total = 0;
        for (Tensor t : tensors) {
            long[] s = t.shape();
            if (t.dtype() != first.dtype()) {
                throw new UnsupportedDTypeException("concat: dtypes " + first.dtype() + " and " + t.dtype() + " differ");
            }
            boolean fits = s.length == shape.length;
            for (int i = 0; fits && i < s.length; i++) {
                fits = i == ax || s[i] == shape[i];
            }
            if (!fits) {
                throw new ShapeMismatchException("concat along axis " + axis + ": shapes " + Arrays.toString(shape)
                        + " and " + Arrays.toString(s) + " differ outside that axis");
            }
            total += s[ax];
        }
        shape[ax] = total;
        DenseTensor out = factory.allocate(first.dtype(), shape, false);
        try {
            long at = 0;
            for (Tensor t : tensors) {
                long n = t.dim(ax);
                try (Tensor part = out.slice(prefix(ax, Slice.range(at, at + n)))) {
                    ((DenseTensor) part).copyFrom(t);
                }
                at += n;
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    Tensor stack(List<Tensor> tensors, int axis) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack needs at least one tensor");
        }
        long[] shape = tensors.get(0).shape();
        List<Tensor> expanded = new ArrayList<>(tensors.size());
        try {
            for (Tensor t : tensors) {
                if (!Arrays.equals(t.shape(), shape)) {
                    throw new ShapeMismatchException("stack: shapes " + Arrays.toString(shape) + " and "
                            + Arrays.toString(t.shape()) + " differ");
                }
                expanded.add(unsqueeze(t, axis));
            }
            return concat(expanded, axis);
        } finally {
            expanded.forEach(Tensor::close);
        }
    }

    // NumPy array_split with indices: parts x[0:i0], x[i0:i1], ..., x[ik:], with slice clipping.
    List<Tensor> splitAt(Tensor x, long[] indices, int axis) {
        int ax = Shapes.axis(axis, x.rank());
        List<Tensor> parts = new ArrayList<>(indices.length + 1);
        Long start = 0L;
        for (int i = 0; i <= indices.length; i++) {
            Long stop = i < indices.length ? indices[i] : null;
            parts.add(x.slice(prefix(ax, Slice.range(start, stop, 1))));
            start = stop;
        }
        return parts;
    }

    List<Tensor> split(Tensor x, int sections, int axis) {
        int ax = Shapes.axis(axis, x.rank());
        long n = x.dim(ax);
        if (sections <= 0 || n % sections != 0) {
            throw new IllegalArgumentException("cannot split an axis of extent " + n + " into " + sections
                    + " equal sections");
        }
        long[] at = new long[sections - 1];
        for (int i = 0; i < at.length; i++) {
            at[i] = (i + 1) * (n / sections);
        }
        return splitAt(x, at, ax);
    }

    Tensor indexSelect(Tensor x, Tensor indices, int axis) {
        if (indices.dtype() != DType.I32) {
            throw new UnsupportedDTypeException("index_select: indices must be I32, not " + indices.dtype());
        }
        int ax = Shapes.axis(axis, x.rank());
        long n = x.dim(ax);
        long[] xs = x.shape();
        long[] is = indices.shape();
        float[] idx = indices.toFloatArray();
        long[] outShape = new long[xs.length - 1 + is.length];
        System.arraycopy(xs, 0, outShape, 0, ax);
        System.arraycopy(is, 0, outShape, ax, is.length);
        System.arraycopy(xs, ax + 1, outShape, ax + is.length, xs.length - ax - 1);
        for (float f : idx) {
            long i = (long) f;
            if (i < -n || i >= n) {
                throw new IndexOutOfBoundsException("index_select: index " + i + " is out of range for axis " + axis
                        + " with extent " + n);
            }
        }
        // [outer, count, inner] view of the result: row j of the middle axis is x's slice at index idx[j].
        long outer = Shapes.size(Arrays.copyOf(xs, ax));
        long inner = Shapes.size(Arrays.copyOfRange(xs, ax + 1, xs.length));
        DenseTensor out = factory.allocate(x.dtype(), outShape, false);
        try (Tensor flat = out.reshape(outer, idx.length, inner)) {
            for (int j = 0; j < idx.length; j++) {
                long i = (long) idx[j] < 0 ? (long) idx[j] + n : (long) idx[j];
                try (Tensor src = x.slice(prefix(ax, Slice.at(i))); Tensor srcContig = src.contiguous();
                        Tensor src3 = srcContig.reshape(outer, 1, inner);
                        Tensor dst = flat.slice(Slice.all(), Slice.range(j, j + 1))) {
                    ((DenseTensor) dst).copyFrom(src3);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static Slice[] prefix(int axis, Slice last) {
        Slice[] s = new Slice[axis + 1];
        Arrays.fill(s, Slice.all());
        s[axis] = last;
        return s;
    }
}
