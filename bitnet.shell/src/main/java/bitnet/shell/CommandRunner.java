package bitnet.shell;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs shell commands for the launcher, which lives outside the framework and so talks to this service only
 * through {@code java.util.function.Function} (a class both sides share). Commands run in one Gogo session;
 * each result is printed; the first failure prints its message and stops the run.
 */
@Component(service = Function.class, property = CommandRunner.RUNNER_PROPERTY + "=true")
public final class CommandRunner implements Function<List<String>, Integer> {
    /** Service property the launcher looks for. */
    public static final String RUNNER_PROPERTY = "bitnet.launcher.runner";
    private static final long COMMAND_WAIT_MILLIS = 10_000;

    private final CommandProcessor processor;
    private final BundleContext context;

    /**
     * @param processor Gogo's command processor
     * @param context this bundle's context, to wait for commands to register
     */
    @Activate
    public CommandRunner(@Reference CommandProcessor processor, BundleContext context) {
        this.processor = processor;
        this.context = context;
    }

    /**
     * @param commands command lines; blank lines and lines starting with {@code #} are skipped
     * @return 0 if every command succeeded, 1 at the first failure
     */
    @Override
    public Integer apply(List<String> commands) {
        // Gogo redirects System.out per thread to the session's stream; handing the session System.out itself would
        // loop back, so it gets the process's real standard streams.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err)) {
            for (String line : commands) {
                String command = line.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                awaitCommand(command);
                try {
                    Object result = session.execute(command);
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    err.println("error: " + command + ": " + message(e));
                    return 1;
                }
            }
            out.flush();
            return 0;
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    // Commands come from DS components that may still be registering when the launcher starts the first command.
    private void awaitCommand(String command) {
        String word = command.split("\\s+", 2)[0];
        if (!word.matches("[\\w.-]+(:[\\w.-]+)?")) {
            return;
        }
        int colon = word.indexOf(':');
        String filter = colon < 0 ? "(osgi.command.function=" + word + ")"
                : "(&(osgi.command.scope=" + word.substring(0, colon) + ")(osgi.command.function="
                        + word.substring(colon + 1) + "))";
        try {
            Filter f = FrameworkUtil.createFilter(filter);
            ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, f, null);
            tracker.open(true);
            try {
                tracker.waitForService(COMMAND_WAIT_MILLIS);
            } finally {
                tracker.close();
            }
        } catch (InvalidSyntaxException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
