package bitnet.numpy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.io.Bf16Encoding;
import bitnet.api.io.NpyHeader;
import bitnet.api.io.TensorIO;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/** The {@link TensorIO} service: NumPy {@code .npy} and {@code .npz} files over tensors from the factory. */
@Component(service = TensorIO.class)
public final class NpyTensorIO implements TensorIO {
    private final NpyReader reader;

    /** @param factory allocates the tensors that reads return */
    @Activate
    public NpyTensorIO(@Reference TensorFactory factory) {
        this.reader = new NpyReader(factory);
    }

    @Override
    public Tensor readNpy(Path file) throws IOException {
        return reader.read(file);
    }

    @Override
    public Tensor readNpy(Path file, DType dtype) throws IOException {
        Tensor raw = reader.read(file);
        try (raw) {
            if (raw.dtype() == dtype) {
                return raw.slice();
            }
            if (dtype == DType.TERNARY || dtype == DType.I4) {
                IntegerRange.check(raw, dtype, String.valueOf(file.getFileName()));
            }
            return raw.to(dtype);
        }
    }

    @Override
    public Tensor readNpy(InputStream in, String name) throws IOException {
        return reader.read(in, name, -1);
    }

    @Override
    public NpyHeader readNpyHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return NpyHeaders.read(in, String.valueOf(file.getFileName()));
        }
    }

    @Override
    public void writeNpy(Path file, Tensor tensor) throws IOException {
        writeNpy(file, tensor, Bf16Encoding.FLOAT32);
    }

    @Override
    public void writeNpy(Path file, Tensor tensor, Bf16Encoding bf16) throws IOException {
        boolean done = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            NpyWriter.write(channel, tensor, bf16);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public void writeNpy(OutputStream out, Tensor tensor, Bf16Encoding bf16) throws IOException {
        NpyWriter.write(out, tensor, bf16);
        out.flush();
    }

    @Override
    public SequencedMap<String, Tensor> readNpz(Path file) throws IOException {
        return Npz.read(file, reader);
    }

    @Override
    public List<NpyHeader> readNpzHeaders(Path file) throws IOException {
        return Npz.headers(file);
    }

    @Override
    public void writeNpz(Path file, Map<String, Tensor> arrays) throws IOException {
        writeNpz(file, arrays, false, Bf16Encoding.FLOAT32);
    }

    @Override
    public void writeNpz(Path file, Map<String, Tensor> arrays, boolean compress, Bf16Encoding bf16)
            throws IOException {
        arrays.values().forEach(t -> NpyDType.descrFor(t.dtype(), bf16));
        Npz.writeFile(file, arrays, compress, bf16);
    }

    /** Writes the content of a file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Creates or replaces {@code file}; a file left half written by a failure is deleted. */
    static void writeReplacing(Path file, Content content) throws IOException {
        boolean done = false;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), NpyData.CHUNK)) {
            content.writeTo(out);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }
}
