package bitnet.backend.metal;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

import bitnet.backend.metal.abi.FfmMetalNative;
import bitnet.backend.metal.abi.MetalNative;
import bitnet.backend.metal.kernel.ShaderSources;
import bitnet.backend.natives.BundleFiles;
import bitnet.backend.natives.HostPlatform;
import bitnet.backend.natives.NativeLibraryLocator;

/**
 * Opens Metal at activation, in order: platform, fragment, library file, {@code dlopen}, devices, shader library,
 * context. Each step that fails ends with the reason a user sees in {@code bitnet:backends}; nothing here throws.
 */
final class MetalStartup {
    /** The fragment that carries the native files. */
    static final String FRAGMENT = "bitnet.backend.metal.macos.aarch64";
    /** The folder inside the fragment. */
    static final String FOLDER = "native/macos-aarch64";
    /** Base name of the shim library. */
    static final String LIBRARY = "bitnet_metal";
    /** The precompiled shader library, when the Mac that built the fragment had the Metal compiler. */
    static final String METALLIB = "bitnet_metal.metallib";

    /** The outcome: an open session, or why not. */
    sealed interface Result {
    }

    /** @param session the open device */
    record Ready(MetalSession session) implements Result {
    }

    /** @param reason why Metal is unavailable */
    record Unavailable(String reason) implements Result {
    }

    private MetalStartup() {
    }

    /**
     * @param files the host bundle's files (with its fragments)
     * @param platform where this runs
     * @param device the device index to open
     * @return {@link Ready} or {@link Unavailable}
     */
    static Result start(BundleFiles files, HostPlatform platform, int device) {
        NativeLibraryLocator locator = new NativeLibraryLocator(files, FRAGMENT, FOLDER);
        NativeLibraryLocator.Result lib = locator.library(platform, "Metal", LIBRARY);
        if (lib instanceof NativeLibraryLocator.Missing(String reason)) {
            return new Unavailable(reason);
        }
        Arena arena = Arena.ofShared();
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(lib.path(), arena);
            MetalNative nat = new FfmMetalNative(lookup);
            Result result = open(nat, arena, device, locator.file(METALLIB));
            if (result instanceof Unavailable) {
                arena.close();
            }
            return result;
        } catch (RuntimeException | LinkageError e) {
            arena.close();
            return new Unavailable("could not load " + lib.path().getFileName() + ": " + e.getMessage());
        }
    }

    /**
     * The steps after the library is loaded, separate so tests can run them over a fake {@link MetalNative}.
     *
     * @param nat the native calls
     * @param arena the library's arena, or null
     * @param device device index
     * @param metallib the precompiled shader library, or a {@code Missing} to compile the bundled sources
     * @return {@link Ready} or {@link Unavailable}
     */
    static Result open(MetalNative nat, Arena arena, int device, NativeLibraryLocator.Result metallib) {
        int count = nat.deviceCount();
        if (count == 0) {
            return new Unavailable("no Metal device");
        }
        if (device >= count) {
            return new Unavailable("Metal device " + device + " configured, but there " + (count == 1 ? "is 1 device"
                    : "are " + count + " devices"));
        }
        long context;
        try {
            context = metallib instanceof NativeLibraryLocator.Found(Path path)
                    ? nat.open(device, path.toString(), null)
                    : nat.open(device, null, ShaderSources.translationUnit());
        } catch (RuntimeException e) {
            return new Unavailable("Metal device " + device + " did not open: " + e.getMessage());
        }
        try {
            return new Ready(new MetalSession(arena, nat, context, device));
        } catch (RuntimeException e) {
            // The session reads the device's limits; if that fails, the opened context must not leak.
            nat.close(context);
            return new Unavailable("Metal device " + device + " did not report its limits: " + e.getMessage());
        }
    }
}
