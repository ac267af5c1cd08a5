package bitnet.backend.mlx;

import java.lang.foreign.Arena;

import bitnet.backend.mlx.abi.FfmMlxNative;
import bitnet.backend.mlx.abi.MlxNative;

/**
 * Loaded mlx-c with its GPU stream. Closing frees the stream, puts mlx-c's own error handler back (the upcall stub
 * dies with the arena) and unloads the libraries.
 */
final class MlxSession implements AutoCloseable {
    private final Arena arena;
    private final MlxNative nat;
    private final long stream;

    /**
     * @param arena the libraries' and upcall's arena, or null in tests
     * @param nat the native calls
     * @param stream the default GPU stream
     */
    MlxSession(Arena arena, MlxNative nat, long stream) {
        this.arena = arena;
        this.nat = nat;
        this.stream = stream;
    }

    MlxNative nat() {
        return nat;
    }

    long stream() {
        return stream;
    }

    @Override
    public void close() {
        nat.freeStream(stream);
        if (nat instanceof FfmMlxNative ffm) {
            ffm.resetErrorHandler();
        }
        if (arena != null) {
            arena.close();
        }
    }
}
