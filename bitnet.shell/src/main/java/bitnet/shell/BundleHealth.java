package bitnet.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * The bundles of the platform that did not start, and why. The launcher's job asks once, at start-up, by starting
 * each bundle left INSTALLED (the launcher's own intent, so nothing starts that was not meant to) and keeping the
 * framework's reason; {@code bitnet:info} shows what was found.
 */
@Component(service = BundleHealth.class)
public final class BundleHealth {
    private static final String SIMD = "bitnet.backend.simd";

    private final Map<Long, String> reasons = new ConcurrentHashMap<>();

    /**
     * Tries each non-fragment bundle left INSTALLED (it failed to resolve) and records why it still cannot start.
     *
     * @param context a bundle context
     * @return one line per bundle that is not started, for people
     */
    public List<String> check(BundleContext context) {
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.INSTALLED || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | IllegalStateException e) {
                String reason = explain(b, e.getMessage());
                reasons.put(b.getBundleId(), reason);
                problems.add("bundle " + b.getSymbolicName() + " (" + b.getBundleId() + ") did not start: " + reason);
            }
        }
        return problems;
    }

    /**
     * @param bundle a bundle
     * @return why it did not start, or null if nothing was recorded
     */
    public String reason(Bundle bundle) {
        return reasons.get(bundle.getBundleId());
    }

    private static String explain(Bundle b, String message) {
        if (SIMD.equals(b.getSymbolicName()) && message != null && message.contains("jdk.incubator.vector")) {
            return "the JVM runs without --add-modules jdk.incubator.vector, so the Vector API backend cannot "
                    + "resolve; the CPU backend serves every operation (" + message + ")";
        }
        return message;
    }
}
