package bitnet.model.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import bitnet.api.model.ModelFormatException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * A file mapped read-only into one shared {@link Arena}, unmapped when the last user lets go: the loader holds one
 * reference until it is done, and every tensor {@linkplain #wrap wrapped} over the file holds another until the last
 * view of it is closed.
 */
public final class MappedFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final AtomicInteger references = new AtomicInteger(1);
    private boolean closed;

    private MappedFile(Path path, Arena arena, MemorySegment segment) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
    }

    /**
     * @param path a regular file
     * @return the mapped file, owned by the caller
     * @throws ModelFormatException if the file does not exist or cannot be read
     */
    public static MappedFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new MappedFile(path, arena, channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena));
        } catch (NoSuchFileException e) {
            arena.close();
            throw new ModelFormatException(path, "no such file: " + path.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new ModelFormatException(path, "cannot map the file: " + e, e);
        }
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return the whole file, read-only; valid while this object or a wrapped tensor is open */
    public MemorySegment segment() {
        return segment;
    }

    /** @return the file's size in bytes */
    public long size() {
        return segment.byteSize();
    }

    /**
     * A zero-copy tensor over bytes of the file; it keeps the mapping alive until its last view is closed.
     *
     * @param data a slice of {@link #segment()}
     * @param dtype element type
     * @param shape extents
     * @param tensors the factory
     * @return a tensor owned by the caller
     */
    public Tensor wrap(MemorySegment data, DType dtype, long[] shape, TensorFactory tensors) {
        references.incrementAndGet();
        try {
            return tensors.wrap(data, dtype, shape, this::release);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Drops the loader's reference; the file is unmapped now if no wrapped tensor is open. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    private void release() {
        if (references.decrementAndGet() == 0) {
            arena.close();
        }
    }
}
