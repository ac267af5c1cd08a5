package bitnet.backend.natives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Finds a native file that a platform fragment carries for its host bundle and makes it a real file that
 * {@code dlopen} can open.
 *
 * <p><b>Why extraction.</b> A fragment's entries appear in its host's class space, but as {@code bundle:} URLs, not
 * files; {@link java.lang.foreign.SymbolLookup#libraryLookup(Path, java.lang.foreign.Arena)} needs a path. The file
 * is copied to the host's data area (its own folder in the framework cache) under a fresh name per copy, then
 * moved into place atomically, so a library another instance still has open is never overwritten in place.
 * The fragment still declares {@code Bundle-NativeCode} for macOS aarch64 with the optional {@code *} clause: the
 * framework then resolves the fragment everywhere, and the header documents which platform the file is for.
 *
 * <p>Decisions are made in a fixed order, each with its own reason: platform, fragment attached, file present.
 */
public final class NativeLibraryLocator {
    private final BundleFiles files;
    private final String fragment;
    private final String folder;

    /** The outcome: a file to load, or the reason there is none. */
    public sealed interface Result {
        /** @return the file, or throws with the reason */
        Path path();
    }

    /**
     * The file was found and extracted.
     *
     * @param path a readable file on the local file system
     */
    public record Found(Path path) implements Result {
    }

    /**
     * No file, and why, in words a user can act on.
     *
     * @param reason the reason
     */
    public record Missing(String reason) implements Result {
        @Override
        public Path path() {
            throw new IllegalStateException(reason);
        }
    }

    /**
     * @param files the host bundle's view
     * @param fragment the symbolic name of the fragment expected to carry the files
     * @param folder the folder inside the fragment ({@code "native/macos-aarch64"}), no trailing slash
     */
    public NativeLibraryLocator(BundleFiles files, String fragment, String folder) {
        this.files = Objects.requireNonNull(files, "files");
        this.fragment = Objects.requireNonNull(fragment, "fragment");
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /**
     * Locates a shared library.
     *
     * @param platform where it must run
     * @param backend the backend's display name for messages ({@code "Metal"})
     * @param base the library's base name ({@code "bitnet_metal"})
     * @return {@link Found} with the extracted file, or {@link Missing} with the first reason that applies
     */
    public Result library(HostPlatform platform, String backend, String base) {
        var unsupported = platform.unsupportedReason(backend);
        if (unsupported.isPresent()) {
            return new Missing(unsupported.get());
        }
        return file(platform.libraryFileName(base));
    }

    /**
     * Locates any file of the fragment's folder (a shader library beside the shared library).
     *
     * @param name the file name inside the folder
     * @return {@link Found} or {@link Missing}
     */
    public Result file(String name) {
        if (!files.attachedFragments().contains(fragment)) {
            return new Missing("fragment " + fragment + " is not attached to " + files.symbolicName()
                    + " (install it before the host resolves, or refresh the host)");
        }
        String entry = folder + "/" + name;
        try (InputStream in = files.open(entry)) {
            if (in == null) {
                return new Missing("native file " + name + " not found in fragment " + fragment + " (" + entry
                        + "); the fragment was built without its native part, see docs/metal-mlx.md");
            }
            Path target = files.dataFile(folder + "/" + name);
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), name, ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                // Gone after a successful move; after a failed copy or move, nothing half-written stays behind.
                Files.deleteIfExists(partial);
            }
            return new Found(target);
        } catch (IOException e) {
            return new Missing("could not extract " + entry + " from fragment " + fragment + ": " + e.getMessage());
        }
    }
}
