/**
 * Ternary x int8 kernels: the kernel layout {@link bitnet.quant.kernel.TernaryMatrix}, the exact scalar integer
 * reference {@link bitnet.quant.kernel.TernaryScalarKernel}, the Vector API kernel
 * {@link bitnet.quant.kernel.TernaryVectorKernel}, the multi-threaded driver
 * {@link bitnet.quant.kernel.TernaryMatMul} and the {@link bitnet.quant.kernel.BitLinear} forward pass.
 */
@Export
@Version("2.0.0")
package bitnet.quant.kernel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
