/**
 * Reading and writing tensors in NumPy's {@code .npy} and {@code .npz} formats.
 *
 * <p>Clients call {@link bitnet.api.io.TensorIO}, a service; a malformed or unsupported file gives a
 * {@link bitnet.api.io.NpyFormatException} whose message names the file and what is wrong in it.
 */
@Export
@Version("1.1.0")
package bitnet.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
