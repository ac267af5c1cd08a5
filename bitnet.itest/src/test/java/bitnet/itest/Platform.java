package bitnet.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** The one options factory every test class uses: the launcher's bundles, the shared framework properties. */
final class Platform {
    private Platform() {
    }

    static Option[] options() {
        List<Option> options = new ArrayList<>();
        File dir = new File(System.getProperty("bitnet.bundles"));
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar") && !name.startsWith("org.apache.felix.gogo.shell"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dir + "; the launcher module must be packaged first");
        }
        Arrays.sort(jars);
        // Fragments cannot be started, and are installed first so they attach when their hosts resolve.
        for (File jar : jars) {
            if (isFragment(jar)) {
                options.add(bundle(jar.toURI().toString()).start(false));
            }
        }
        for (File jar : jars) {
            if (!isFragment(jar)) {
                options.add(bundle(jar.toURI().toString()));
            }
        }
        Properties framework = new Properties();
        try (InputStream in = new FileInputStream(System.getProperty("bitnet.framework.properties"))) {
            framework.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        framework.stringPropertyNames().forEach(k -> options.add(frameworkProperty(k).value(framework.getProperty(k))));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository")));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(Option[]::new);
    }

    private static boolean isFragment(File jar) {
        try (JarFile j = new JarFile(jar)) {
            Manifest m = j.getManifest();
            return m != null && m.getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
