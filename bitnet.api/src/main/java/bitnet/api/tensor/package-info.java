/**
 * Tensors over Panama FFM memory: dtypes, devices, shapes, views and their factory.
 */
@Export
@Version("1.2.0")
package bitnet.api.tensor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
