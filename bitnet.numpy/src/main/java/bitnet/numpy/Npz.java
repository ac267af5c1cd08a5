package bitnet.numpy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import bitnet.api.io.Bf16Encoding;
import bitnet.api.io.NpyFormatException;
import bitnet.api.io.NpyHeader;
import bitnet.api.tensor.Tensor;

/** {@code .npz} archives: a zip of {@code .npy} entries named {@code key.npy}, as {@code numpy.savez} writes. */
final class Npz {
    private static final String SUFFIX = ".npy";
    /** NumPy stamps every entry with the zip epoch; so do we, so that equal tensors give equal archives. */
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    static SequencedMap<String, Tensor> read(Path file, NpyReader reader) throws IOException {
        SequencedMap<String, Tensor> out = new LinkedHashMap<>();
        boolean complete = false;
        try (ZipFile zip = open(file)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String name = name(file, entry);
                String key = key(entry, name);
                if (out.containsKey(key)) {
                    throw new NpyFormatException(name + ": the archive holds two entries of this name");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    out.put(key, reader.read(in, name, entry.getSize()));
                    if (in.read() >= 0) {
                        throw new NpyFormatException(name + ": the entry has bytes after the array's data");
                    }
                } catch (ZipException | EOFException ex) {
                    throw corrupt(name, ex);
                }
            }
            complete = true;
            return out;
        } finally {
            if (!complete) {
                out.values().forEach(Tensor::close);
            }
        }
    }

    static List<NpyHeader> headers(Path file) throws IOException {
        List<NpyHeader> out = new ArrayList<>();
        try (ZipFile zip = open(file)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String name = name(file, entry);
                key(entry, name);
                try (InputStream in = zip.getInputStream(entry)) {
                    out.add(NpyHeaders.read(in, name));
                } catch (ZipException | EOFException ex) {
                    throw corrupt(name, ex);
                }
            }
        }
        return out;
    }

    /** An entry whose data is damaged or runs past the end of the archive (EOFException, with no message). */
    private static NpyFormatException corrupt(String name, IOException e) {
        String why = e instanceof EOFException ? "its data runs past the end of the archive" : e.getMessage();
        return new NpyFormatException(name + ": corrupt zip entry: " + why, e);
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            String why = e instanceof EOFException ? "its directory runs past the end of the file" : e.getMessage();
            throw new NpyFormatException(file.getFileName() + ": not a .npz (zip) archive: " + why, e);
        }
    }

    private static String name(Path file, ZipEntry entry) {
        return file.getFileName() + "/" + entry.getName();
    }

    private static String key(ZipEntry entry, String name) {
        String entryName = entry.getName();
        if (entry.isDirectory() || !entryName.endsWith(SUFFIX)) {
            throw new NpyFormatException(name + ": entry is not a .npy array; a .npz archive holds only key.npy "
                    + "entries");
        }
        return entryName.substring(0, entryName.length() - SUFFIX.length());
    }

    static void write(OutputStream target, Map<String, Tensor> arrays, boolean compress, Bf16Encoding bf16)
            throws IOException {
        arrays.keySet().forEach(Npz::checkKey);
        ZipOutputStream zip = new ZipOutputStream(target);
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
            entry.setTimeLocal(ZIP_EPOCH);
            if (compress) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                // A stored entry needs its size and CRC up front: serialise once to count, once to write.
                CrcCounter counter = new CrcCounter();
                NpyWriter.write(counter, e.getValue(), bf16);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(counter.count);
                entry.setCompressedSize(counter.count);
                entry.setCrc(counter.crc.getValue());
            }
            zip.putNextEntry(entry);
            NpyWriter.write(zip, e.getValue(), bf16);
            zip.closeEntry();
        }
        zip.finish();
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.contains("/") || key.contains("\\")) {
            throw new IllegalArgumentException("npz array name '" + key
                    + "' must be non-empty and contain no '/' or '\\'");
        }
    }

    private static final class CrcCounter extends OutputStream {
        final CRC32 crc = new CRC32();
        long count;

        @Override
        public void write(int b) {
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            count += len;
        }
    }

    static void writeFile(Path file, Map<String, Tensor> arrays, boolean compress, Bf16Encoding bf16)
            throws IOException {
        NpyTensorIO.writeReplacing(file, out -> write(out, arrays, compress, bf16));
    }

    static boolean looksLikeNpz(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == 'P' && start[1] == 'K';
        }
    }
}
