/**
 * Linear algebra contracts: the exceptions decompositions and solvers throw, and the enums that select a matrix
 * norm or the shape of a QR or SVD result. Implementations live in the {@code bitnet.linalg} library bundle.
 */
@Export
@Version("1.0.0")
package bitnet.api.linalg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
