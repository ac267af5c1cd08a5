package bitnet.backend.natives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The view of a host bundle that {@link NativeLibraryLocator} needs: its entries (the host's own and those of its
 * attached fragments), which fragments are attached, and a private folder to extract files to. An interface so the
 * locator's decisions can be tested without a framework; {@link OsgiBundleFiles} is the real one.
 */
@ConsumerType
public interface BundleFiles {

    /** @return the host bundle's symbolic name, for messages */
    String symbolicName();

    /** @return symbolic names of the fragments attached to the host now (empty when none or not resolved) */
    List<String> attachedFragments();

    /**
     * Opens an entry of the host or an attached fragment.
     *
     * @param path the entry's path inside the bundle ({@code "native/macos-aarch64/libbitnet_metal.dylib"})
     * @return the entry's bytes, or null if neither the host nor an attached fragment has it; the caller closes it
     * @throws IOException if the entry exists but cannot be read
     */
    InputStream open(String path) throws IOException;

    /**
     * @param name a relative file name
     * @return where the host may write that file (its persistent data area)
     * @throws IOException if the framework gives the bundle no data area
     */
    Path dataFile(String name) throws IOException;
}
