/**
 * Dense linear algebra kernels for F64 and F32: Cholesky, LU, QR, symmetric eigen, SVD, solve, inverse,
 * determinants, least squares, pseudo-inverse, condition numbers, norms, einsum, and batched variants.
 *
 * <p>Matrices are row-major {@code double[]} (or {@code float[]}) arrays with explicit dimensions: element (i, j)
 * of an m x n matrix is {@code a[i * n + j]}. Heap arrays keep rows contiguous for the Vector API, let the JIT drop
 * bounds checks, and cost the caller one O(mn) copy from a {@code MemorySegment} ({@link Segments}) against the
 * O(n^3) work of a decomposition. F32 entry points ({@link Linalg32}) widen to F64, compute, and round the results
 * back: results are at least as accurate as single-precision LAPACK, at F64 speed.
 *
 * <p>Every entry point is stateless and thread-safe, never modifies its arguments, and checks its input: wrong
 * lengths throw {@link bitnet.api.tensor.ShapeMismatchException}, NaN or infinities throw
 * {@link bitnet.api.linalg.NonFiniteInputException}. The {@code threads} arguments bound the parallelism of the
 * matrix-multiply updates inside the blocked algorithms (1 runs on the caller's thread only).
 */
@Export
@Version("1.0.0")
package bitnet.linalg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
