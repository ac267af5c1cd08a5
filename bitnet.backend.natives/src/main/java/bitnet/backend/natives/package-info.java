/**
 * Shared by the native backends (Metal, MLX): {@link bitnet.backend.natives.HostPlatform} says whether this JVM
 * runs where a native backend can, and {@link bitnet.backend.natives.NativeLibraryLocator} finds the library a
 * platform fragment carries (extracting it to the host bundle's data area) or says in words why it cannot.
 *
 * <p>Nothing here loads a library: the backends load what this package finds with
 * {@link java.lang.foreign.SymbolLookup#libraryLookup(java.nio.file.Path, java.lang.foreign.Arena)} in their
 * activation, so closing their arena unloads it.
 */
@Export
@Version("1.0.0")
package bitnet.backend.natives;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
