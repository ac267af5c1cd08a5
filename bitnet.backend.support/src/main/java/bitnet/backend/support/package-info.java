/**
 * Helpers shared by compute backends: {@link bitnet.backend.support.CallGate} (refuse new calls, drain calls in
 * flight, then release resources) and {@link bitnet.backend.support.RowCursor} (walk strided operands row by
 * row). A library for backend bundles, not part of the client API.
 */
@Export
@Version("1.0.0")
package bitnet.backend.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
