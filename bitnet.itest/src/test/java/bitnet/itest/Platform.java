package bitnet.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The one options factory every test class uses: exactly the bundles and framework properties of the launcher the
 * users run ({@code bitnet.launcher/target/bitnet.jar}, exported from the resolved {@code bitnet.bndrun}), read from
 * its {@code launcher.properties} and installed from inside the jar.
 */
final class Platform {
    private Platform() {
    }

    static Option[] options() {
        File launcher = new File(System.getProperty("bitnet.launcher"));
        Properties launch = new Properties();
        List<String> fragments = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        try (JarFile jar = new JarFile(launcher)) {
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            for (String path : launch.getProperty("launch.bundles").split(",")) {
                String url = "jar:" + launcher.toURI() + "!/" + path.strip();
                (isFragment(jar, path.strip()) ? fragments : bundles).add(url);
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read the launcher " + launcher
                    + "; the bitnet.launcher module must be packaged first", e);
        }
        List<Option> options = new ArrayList<>();
        // Fragments cannot be started, and are installed first so they attach when their hosts resolve.
        fragments.forEach(url -> options.add(bundle(url).start(false)));
        bundles.forEach(url -> options.add(bundle(url)));
        launch.stringPropertyNames().stream().filter(k -> !k.startsWith("launch."))
                .forEach(k -> options.add(frameworkProperty(k).value(launch.getProperty(k))));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository")));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(Option[]::new);
    }

    /** @return the symbolic names of the bundles the launcher installs */
    static List<String> launcherBundleNames() throws IOException {
        File launcher = new File(System.getProperty("bitnet.launcher"));
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(launcher)) {
            Properties launch = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            for (String path : launch.getProperty("launch.bundles").split(",")) {
                names.add(manifest(jar, path.strip()).getMainAttributes().getValue("Bundle-SymbolicName")
                        .split(";")[0].strip());
            }
        }
        return names;
    }

    private static boolean isFragment(JarFile launcher, String path) throws IOException {
        return manifest(launcher, path).getMainAttributes().getValue("Fragment-Host") != null;
    }

    private static Manifest manifest(JarFile launcher, String path) throws IOException {
        try (JarInputStream in = new JarInputStream(launcher.getInputStream(launcher.getEntry(path)))) {
            return in.getManifest();
        }
    }

    /**
     * Waits, bounded, for a condition that changes asynchronously (Configuration Admin and SCR deliver updates on
     * their own threads), polling every 0.1 ms.
     *
     * @param condition what must become true
     * @param what for the failure message
     * @throws AssertionError if it is not true within 30 s
     */
    static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    /** Waits (bounded) for a service matching an LDAP filter. */
    static Object await(BundleContext context, String filter, long millis) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open(true);
        try {
            Object service = tracker.waitForService(millis);
            if (service == null) {
                throw new AssertionError("no service " + filter + " within " + millis + " ms");
            }
            return service;
        } finally {
            tracker.close();
        }
    }
}
