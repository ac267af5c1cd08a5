package bitnet.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Felix with the bundles in {@code bundles/} beside the launcher jar.
 *
 * <ul>
 *   <li>no arguments: the interactive Gogo console; {@code exit} or end of input stops the framework;</li>
 *   <li>{@code -f FILE}: runs the commands in FILE (one per line) and stops at the first failure;</li>
 *   <li>otherwise: the arguments form one command.</li>
 * </ul>
 * Exit status: 0 on success, 1 when a command failed, 2 when the platform could not start.
 */
public final class Main {
    private static final String SHELL_BUNDLE = "org.apache.felix.gogo.shell";
    private static final long RUNNER_WAIT_MILLIS = 30_000;

    private Main() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) {
        PrintStream err = System.err;
        int status;
        try {
            status = run(args);
        } catch (LaunchException e) {
            err.println("bitnet: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    private static int run(String[] args) throws LaunchException {
        List<String> commands;
        boolean interactive = args.length == 0;
        if (interactive) {
            commands = List.of();
        } else if (args[0].equals("-f")) {
            if (args.length != 2) {
                throw new LaunchException("usage: -f FILE");
            }
            try {
                commands = Files.readAllLines(Path.of(args[1]));
            } catch (IOException e) {
                throw new LaunchException("cannot read command file " + args[1] + ": " + e.getMessage());
            }
        } else {
            commands = List.of(joinAsCommand(args));
        }
        Framework framework = start(interactive);
        try {
            if (interactive) {
                framework.waitForStop(0);
                return 0;
            }
            return runCommands(framework.getBundleContext(), commands);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            stop(framework);
        }
    }

    // Gogo parses the line again: arguments with blanks or quotes are quoted so they stay one argument.
    static String joinAsCommand(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (a.isEmpty() || a.matches(".*[\\s\"'{}()\\[\\];|$].*")) {
                sb.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(a);
            }
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static int runCommands(BundleContext context, List<String> commands) throws LaunchException,
            InterruptedException {
        String filter = "(&(" + Constants.OBJECTCLASS + "=" + Function.class.getName()
                + ")(bitnet.launcher.runner=true))";
        long deadline = System.currentTimeMillis() + RUNNER_WAIT_MILLIS;
        org.osgi.util.tracker.ServiceTracker<Object, Object> tracker;
        try {
            tracker = new org.osgi.util.tracker.ServiceTracker<>(context, context.createFilter(filter), null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new LaunchException(e.getMessage());
        }
        tracker.open(true);
        try {
            Object runner = tracker.waitForService(Math.max(1, deadline - System.currentTimeMillis()));
            if (runner == null) {
                throw new LaunchException("the command runner (bundle bitnet.shell) did not start within "
                        + RUNNER_WAIT_MILLIS / 1000 + " s; check the bundle states with the interactive shell");
            }
            return ((Function<List<String>, Integer>) runner).apply(commands);
        } finally {
            tracker.close();
        }
    }

    private static Framework start(boolean interactive) throws LaunchException {
        Path home = home();
        Path bundles = home.resolve("bundles");
        if (!Files.isDirectory(bundles)) {
            throw new LaunchException("no bundles folder at " + bundles + "; build with ./bitnet build");
        }
        Map<String, String> config = frameworkProperties();
        try {
            Path storage = Files.createTempDirectory("bitnet-felix");
            storage.toFile().deleteOnExit();
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        } catch (IOException e) {
            throw new LaunchException("cannot create the framework's cache folder: " + e.getMessage());
        }
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        if (interactive) {
            config.put("gosh.args", "");
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(config);
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            try (Stream<Path> jars = Files.list(bundles)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    installed.add(context.installBundle(jar.toUri().toString()));
                }
            }
            framework.start();
            Bundle shell = null;
            for (Bundle b : installed) {
                if (SHELL_BUNDLE.equals(b.getSymbolicName())) {
                    shell = b;
                } else if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    startQuietly(b);
                }
            }
            // The console starts last, so that every command is registered when its prompt appears.
            if (interactive && shell != null) {
                shell.start();
            }
            return framework;
        } catch (BundleException | IOException e) {
            stop(framework);
            throw new LaunchException("the platform could not start: " + e.getMessage());
        }
    }

    // A bundle that cannot resolve (the SIMD backend without jdk.incubator.vector) stays INSTALLED; the
    // dispatcher then uses the next backend. bitnet:info shows its state.
    private static void startQuietly(Bundle b) {
        try {
            b.start();
        } catch (BundleException e) {
            if (Boolean.getBoolean("bitnet.verbose")) {
                System.err.println("bitnet: bundle " + b.getSymbolicName() + " not started: " + e.getMessage());
            }
        }
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(10));
        } catch (BundleException e) {
            System.err.println("bitnet: stopping the framework failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> frameworkProperties() throws LaunchException {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("framework.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read framework.properties: " + e.getMessage());
        }
        Map<String, String> config = new HashMap<>();
        p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
        return config;
    }

    private static Path home() throws LaunchException {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new LaunchException("cannot locate the launcher jar: " + e.getMessage());
        }
    }

    /** The platform could not be started or used. */
    static final class LaunchException extends Exception {
        private static final long serialVersionUID = 1L;

        LaunchException(String message) {
            super(message);
        }
    }
}
