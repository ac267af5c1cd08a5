package bitnet.backend.mlx;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

import bitnet.backend.mlx.abi.FfmMlxNative;
import bitnet.backend.mlx.abi.MlxNative;
import bitnet.backend.natives.BundleFiles;
import bitnet.backend.natives.HostPlatform;
import bitnet.backend.natives.NativeLibraryLocator;

/**
 * Loads mlx-c at activation: platform, fragment, the three files ({@code libmlx.dylib}, its {@code mlx.metallib}
 * beside it, {@code libmlxc.dylib}), {@code dlopen} of libmlx then libmlxc into one arena, the error handler, the
 * Metal check, the GPU stream. Every failure becomes the reason shown by {@code bitnet:backends}; nothing throws.
 */
final class MlxStartup {
    /** The fragment that carries the native files. */
    static final String FRAGMENT = "bitnet.backend.mlx.macos.aarch64";
    /** The folder inside the fragment. */
    static final String FOLDER = "native/macos-aarch64";

    /** The outcome. */
    sealed interface Result {
    }

    /** @param session loaded MLX */
    record Ready(MlxSession session) implements Result {
    }

    /** @param reason why MLX is unavailable */
    record Unavailable(String reason) implements Result {
    }

    private MlxStartup() {
    }

    static Result start(BundleFiles files, HostPlatform platform) {
        NativeLibraryLocator locator = new NativeLibraryLocator(files, FRAGMENT, FOLDER);
        NativeLibraryLocator.Result mlx = locator.library(platform, "MLX", "mlx");
        if (mlx instanceof NativeLibraryLocator.Missing(String reason)) {
            return new Unavailable(reason);
        }
        // MLX finds its kernels in mlx.metallib beside libmlx.dylib; extracting it there is all it needs.
        if (locator.file("mlx.metallib") instanceof NativeLibraryLocator.Missing(String reason)) {
            return new Unavailable(reason);
        }
        NativeLibraryLocator.Result mlxc = locator.library(platform, "MLX", "mlxc");
        if (mlxc instanceof NativeLibraryLocator.Missing(String reason)) {
            return new Unavailable(reason);
        }
        Arena arena = Arena.ofShared();
        try {
            SymbolLookup.libraryLookup(mlx.path(), arena);
            MlxNative nat = new FfmMlxNative(SymbolLookup.libraryLookup(mlxc.path(), arena), arena);
            Result result = open(nat, arena);
            if (result instanceof Unavailable) {
                arena.close();
            }
            return result;
        } catch (RuntimeException | LinkageError e) {
            arena.close();
            return new Unavailable("could not load mlx-c: " + e.getMessage());
        }
    }

    /**
     * The steps after loading, separate so tests can run them over a fake.
     *
     * @param nat the native calls
     * @param arena the libraries' arena, or null
     * @return {@link Ready} or {@link Unavailable}
     */
    static Result open(MlxNative nat, Arena arena) {
        try {
            if (!nat.metalAvailable()) {
                return new Unavailable("MLX reports no Metal device");
            }
            return new Ready(new MlxSession(arena, nat, nat.gpuStream()));
        } catch (RuntimeException e) {
            return new Unavailable("MLX did not start: " + e.getMessage());
        }
    }
}
