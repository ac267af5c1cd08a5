/**
 * Linear algebra contracts: the {@link bitnet.api.linalg.LinearAlgebra} service (decompositions, solvers, norms and
 * einsum on tensors, through the dispatcher), its result records, the exceptions decompositions and solvers throw,
 * and the enums that select a matrix norm or the shape of a QR or SVD result. The kernels live in the
 * {@code bitnet.linalg} library bundle; the service in {@code bitnet.core}.
 */
@Export
@Version("1.1.0")
package bitnet.api.linalg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
