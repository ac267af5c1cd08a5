package bitnet.shell;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the launcher runs on its main thread once the platform has started (the bnd launcher calls a
 * {@code Callable} registered with {@code main.thread=true} and exits with its result). The launcher's command line
 * decides: no arguments opens the interactive console; {@code -f FILE} runs the commands in FILE; anything else is
 * one command. Exit status: 0 on success, 1 when a command failed, 2 for a usage error. When the commands leave a
 * model being served ({@code bitnet:serve}), the job keeps the platform running until it is stopped (Ctrl-C).
 *
 * <p>Before that, every bundle that did not start is reported on standard error.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class LauncherJob implements Callable<Integer> {
    private final CommandProcessor processor;
    private final BundleContext context;
    private final BundleHealth health;
    private static final long STOP_WAIT_MILLIS = 30_000;

    private final String[] arguments;

    /**
     * @param processor Gogo's command processor
     * @param context this bundle's context
     * @param health records the bundles that did not start
     * @param launcher the properties of the bnd launcher's service, which hold the command line
     */
    @Activate
    public LauncherJob(@Reference CommandProcessor processor, BundleContext context, @Reference BundleHealth health,
            @Reference(service = Object.class, target = "(launcher.arguments=*)") Map<String, Object> launcher) {
        this.processor = processor;
        this.context = context;
        this.health = health;
        this.arguments = launcher.get("launcher.arguments") instanceof String[] a ? a.clone() : new String[0];
    }

    @Override
    public Integer call() {
        // Gogo redirects System.out per thread to a session's stream; a session handed System.out itself would
        // loop back, so sessions get the process's real standard streams.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        health.check(context).forEach(problem -> err.println("bitnet: " + problem));
        if (arguments.length == 0) {
            return console(out, err);
        }
        List<String> lines;
        if (arguments[0].equals("-f")) {
            if (arguments.length != 2) {
                err.println("usage: ./bitnet -f FILE");
                return 2;
            }
            Path file = Path.of(arguments[1]).toAbsolutePath();
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("bitnet: cannot read command file: " + ScriptRunner.describe(e));
                return 2;
            }
        } else {
            lines = List.of(ScriptRunner.joinAsCommand(arguments));
        }
        // Commands that read input (bitnet:chat) read the process's standard input, as in the console.
        int status = new ScriptRunner(processor, context).run(lines, new FileInputStream(FileDescriptor.in), out, err);
        if (status == 0 && serving()) {
            return serveUntilStopped(err);
        }
        return status;
    }

    // Whether the commands left a model being served (bitnet:serve): the server's service carries its configuration.
    private boolean serving() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(objectClass=bitnet.server.ModelHost)(enabled=true))");
            return refs != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // Keeps the platform running until the framework stops. The bnd launcher stops nothing when the JVM is asked to
    // end (Ctrl-C, SIGTERM), so a shutdown hook stops the framework: the server closes its listener, cancels what
    // runs and frees every KV cache and the model before the JVM ends.
    private int serveUntilStopped(PrintStream err) {
        Framework framework = (Framework) context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        Thread hook = Thread.ofPlatform().name("bitnet: stop the platform").unstarted(() -> {
            try {
                framework.stop();
                framework.waitForStop(STOP_WAIT_MILLIS);
            } catch (BundleException | InterruptedException e) {
                // the JVM is ending either way
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("bitnet: serving until stopped (Ctrl-C)");
        try {
            framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int console(PrintStream out, PrintStream err) {
        try (CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), out, err)) {
            // The console of the gogo.shell bundle, with its profile; --noshutdown: leaving it ends this job,
            // and the launcher then stops the framework.
            session.execute("gosh --login --noshutdown");
            return 0;
        } catch (Exception e) {
            err.println("bitnet: the console failed: " + ScriptRunner.describe(e));
            return 1;
        }
    }
}
