package bitnet.backend.natives;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.HostNamespace;

/** {@link BundleFiles} over a real host bundle: fragments from its wiring, entries through {@code findEntries}. */
public final class OsgiBundleFiles implements BundleFiles {
    private final Bundle host;

    /** @param host the host bundle (the backend's own bundle) */
    public OsgiBundleFiles(Bundle host) {
        this.host = host;
    }

    @Override
    public String symbolicName() {
        return host.getSymbolicName();
    }

    @Override
    public List<String> attachedFragments() {
        BundleWiring wiring = host.adapt(BundleWiring.class);
        List<String> names = new ArrayList<>();
        if (wiring == null) {
            return names;
        }
        for (BundleWire wire : wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE)) {
            names.add(wire.getRequirer().getSymbolicName());
        }
        return names;
    }

    @Override
    public InputStream open(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        // findEntries searches the host and its attached fragments (getEntry sees the host's own jar only).
        Enumeration<URL> found = host.findEntries(slash < 0 ? "/" : path.substring(0, slash),
                path.substring(slash + 1), false);
        if (found == null || !found.hasMoreElements()) {
            return null;
        }
        return found.nextElement().openStream();
    }

    @Override
    public Path dataFile(String name) throws IOException {
        var file = host.getDataFile(name);
        if (file == null) {
            throw new IOException("the framework gives " + host.getSymbolicName() + " no data area");
        }
        return file.toPath();
    }
}
