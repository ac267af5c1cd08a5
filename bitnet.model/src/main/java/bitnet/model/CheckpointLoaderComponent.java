package bitnet.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.CheckpointLoader;
import bitnet.api.model.LoadProgress;
import bitnet.api.model.ModelFormatException;
import bitnet.api.tensor.TensorFactory;
import bitnet.model.gguf.GgufLoader;
import bitnet.model.hf.HfFolderLoader;

/**
 * Opens Hugging Face model folders and GGUF files. A folder with {@code config.json} is a Hugging Face folder; a
 * folder without one is accepted if it holds exactly one {@code .gguf} file; a file is read as GGUF.
 */
@Component(service = CheckpointLoader.class)
public final class CheckpointLoaderComponent implements CheckpointLoader {
    private final TensorFactory tensors;

    /** @param tensors the pooled tensor factory that converted weights come from */
    @Activate
    public CheckpointLoaderComponent(@Reference TensorFactory tensors) {
        this.tensors = tensors;
    }

    @Override
    public Checkpoint open(Path path, LoadProgress progress) {
        Objects.requireNonNull(path, "path");
        LoadProgress p = progress == null ? LoadProgress.NONE : progress;
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(HfFolderLoader.CONFIG))) {
                return HfFolderLoader.load(path, tensors, p);
            }
            return GgufLoader.load(onlyGguf(path), tensors, p);
        }
        if (!Files.exists(path)) {
            throw new ModelFormatException(path, "no such file or folder: " + path.toAbsolutePath());
        }
        if (!startsWithGguf(path) && path.getFileName().toString().endsWith(".safetensors")) {
            throw new ModelFormatException(path, "is a safetensors file; open the folder that holds it with its "
                    + HfFolderLoader.CONFIG + " instead");
        }
        return GgufLoader.load(path, tensors, p);
    }

    private static Path onlyGguf(Path folder) {
        List<Path> found;
        try (Stream<Path> files = Files.list(folder)) {
            found = files.filter(f -> f.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ModelFormatException(folder, "cannot list the folder: " + e, e);
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new ModelFormatException(folder, "holds neither " + HfFolderLoader.CONFIG + " (a Hugging Face "
                    + "model folder) nor a .gguf file; expected one of them");
        }
        throw new ModelFormatException(folder, "holds no " + HfFolderLoader.CONFIG + " but " + found.size()
                + " .gguf files " + found.stream().map(f -> f.getFileName().toString()).toList()
                + "; open one of them directly");
    }

    private static boolean startsWithGguf(Path file) {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(magic, 0, 4) == 4
                    && new String(magic, StandardCharsets.US_ASCII).equals("GGUF");
        } catch (IOException e) {
            return false;
        }
    }
}
