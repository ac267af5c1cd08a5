package bitnet.backend.natives;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The operating system and processor this JVM runs on, in the terms the OSGi {@code Bundle-NativeCode} header uses
 * ({@code MacOSX}, {@code aarch64}).
 *
 * @param osName the JVM's {@code os.name} ({@code "Mac OS X"}, {@code "Linux"})
 * @param osArch the JVM's {@code os.arch} ({@code "aarch64"}, {@code "amd64"})
 */
public record HostPlatform(String osName, String osArch) {
    /** @throws NullPointerException if a component is null */
    public HostPlatform {
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(osArch, "osArch");
    }

    /** @return the platform of this JVM */
    public static HostPlatform current() {
        return new HostPlatform(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"));
    }

    /** @return true on macOS */
    public boolean isMac() {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.startsWith("mac") || os.startsWith("darwin");
    }

    /** @return true on a 64-bit ARM processor (Apple silicon) */
    public boolean isArm64() {
        return osArch.equals("aarch64") || osArch.equals("arm64");
    }

    /**
     * Why a backend that needs macOS on Apple silicon cannot run here.
     *
     * @param backend what needs it, for the message ({@code "Metal"})
     * @return empty on macOS aarch64, else a reason such as "Metal needs macOS on aarch64; this is Linux amd64"
     */
    public Optional<String> unsupportedReason(String backend) {
        if (isMac() && isArm64()) {
            return Optional.empty();
        }
        return Optional.of(backend + " needs macOS on aarch64; this is " + this);
    }

    /**
     * The file name the platform gives a shared library, as {@link System#mapLibraryName} does on that platform
     * (computed here so a test on Linux can ask for the macOS name).
     *
     * @param base the library's base name ({@code "bitnet_metal"})
     * @return {@code libbitnet_metal.dylib} on macOS, {@code bitnet_metal.dll} on Windows, else {@code .so}
     */
    public String libraryFileName(String base) {
        if (isMac()) {
            return "lib" + base + ".dylib";
        }
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return base + ".dll";
        }
        return "lib" + base + ".so";
    }

    @Override
    public String toString() {
        return osName + " " + osArch;
    }
}
