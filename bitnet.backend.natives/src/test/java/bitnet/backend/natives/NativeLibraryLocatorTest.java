package bitnet.backend.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryLocatorTest {
    private static final HostPlatform MAC = new HostPlatform("Mac OS X", "aarch64");
    private static final String FRAGMENT = "bitnet.backend.metal.macos.aarch64";

    @TempDir
    Path data;

    private final class FakeBundle implements BundleFiles {
        final Map<String, byte[]> entries = new HashMap<>();
        List<String> fragments = List.of(FRAGMENT);

        @Override
        public String symbolicName() {
            return "bitnet.backend.metal";
        }

        @Override
        public List<String> attachedFragments() {
            return fragments;
        }

        @Override
        public InputStream open(String path) {
            byte[] b = entries.get(path);
            return b == null ? null : new ByteArrayInputStream(b);
        }

        @Override
        public Path dataFile(String name) {
            return data.resolve(name);
        }
    }

    @Test
    void platformReasonsNameTheMissingPlatform() {
        assertEquals("Metal needs macOS on aarch64; this is Linux amd64",
                new HostPlatform("Linux", "amd64").unsupportedReason("Metal").orElseThrow());
        assertEquals("MLX needs macOS on aarch64; this is Mac OS X x86_64",
                new HostPlatform("Mac OS X", "x86_64").unsupportedReason("MLX").orElseThrow());
        assertTrue(MAC.unsupportedReason("Metal").isEmpty());
        assertTrue(new HostPlatform("Darwin", "arm64").unsupportedReason("Metal").isEmpty());
    }

    @Test
    void libraryFileNamesFollowThePlatform() {
        assertEquals("libbitnet_metal.dylib", MAC.libraryFileName("bitnet_metal"));
        assertEquals("libmlxc.so", new HostPlatform("Linux", "amd64").libraryFileName("mlxc"));
        assertEquals("mlxc.dll", new HostPlatform("Windows 11", "amd64").libraryFileName("mlxc"));
    }

    @Test
    void onLinuxThePlatformIsTheReasonEvenWithTheFileThere() {
        FakeBundle bundle = new FakeBundle();
        bundle.entries.put("native/macos-aarch64/libbitnet_metal.dylib", new byte[] {1});
        var result = new NativeLibraryLocator(bundle, FRAGMENT, "native/macos-aarch64")
                .library(new HostPlatform("Linux", "amd64"), "Metal", "bitnet_metal");
        var missing = assertInstanceOf(NativeLibraryLocator.Missing.class, result);
        assertEquals("Metal needs macOS on aarch64; this is Linux amd64", missing.reason());
        assertThrows(IllegalStateException.class, result::path);
    }

    @Test
    void aDetachedFragmentIsNamed() {
        FakeBundle bundle = new FakeBundle();
        bundle.fragments = List.of();
        var missing = assertInstanceOf(NativeLibraryLocator.Missing.class,
                new NativeLibraryLocator(bundle, FRAGMENT, "native/macos-aarch64").library(MAC, "Metal",
                        "bitnet_metal"));
        assertEquals("fragment " + FRAGMENT + " is not attached to bitnet.backend.metal (install it before the host "
                + "resolves, or refresh the host)", missing.reason());
    }

    @Test
    void aFragmentBuiltWithoutItsLibraryIsSaidSo() {
        var missing = assertInstanceOf(NativeLibraryLocator.Missing.class,
                new NativeLibraryLocator(new FakeBundle(), FRAGMENT, "native/macos-aarch64").library(MAC, "Metal",
                        "bitnet_metal"));
        assertTrue(missing.reason().startsWith("native file libbitnet_metal.dylib not found in fragment " + FRAGMENT),
                missing.reason());
    }

    @Test
    void aPresentLibraryIsExtractedIntoTheDataArea() throws IOException {
        FakeBundle bundle = new FakeBundle();
        byte[] bytes = {7, 8, 9, 10};
        bundle.entries.put("native/macos-aarch64/libbitnet_metal.dylib", bytes);
        var locator = new NativeLibraryLocator(bundle, FRAGMENT, "native/macos-aarch64");
        Path first = locator.library(MAC, "Metal", "bitnet_metal").path();
        assertEquals(data.resolve("native/macos-aarch64/libbitnet_metal.dylib"), first);
        assertArrayEquals(bytes, Files.readAllBytes(first));
        bundle.entries.put("native/macos-aarch64/libbitnet_metal.dylib", new byte[] {1, 2});
        Path again = locator.library(MAC, "Metal", "bitnet_metal").path();
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(again), "a second extraction replaces the file");
        try (var left = Files.list(first.getParent())) {
            assertEquals(1, left.count(), "no partial copies left behind");
        }
    }
}
