package bitnet.shell;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs command lines in one Gogo session set up as the interactive console sets up its own (the gogo.shell bundle's
 * profile: its command scopes and the bundle and system commands), prints each result, and stops at the first
 * failure with its message.
 */
final class ScriptRunner {
    private static final long COMMAND_WAIT_MILLIS = 10_000;
    private static final String SHELL_BUNDLE = "org.apache.felix.gogo.shell";

    private final CommandProcessor processor;
    private final BundleContext context;

    ScriptRunner(CommandProcessor processor, BundleContext context) {
        this.processor = processor;
        this.context = context;
    }

    /**
     * @param lines command lines; blank lines and lines starting with {@code #} are skipped
     * @param in what commands that read input read
     * @param out where results go
     * @param err where the failure goes
     * @return 0 if every command succeeded, 1 at the first failure
     */
    int run(List<String> lines, InputStream in, PrintStream out, PrintStream err) {
        try (CommandSession session = processor.createSession(in, out, err)) {
            profile(session);
            for (String line : lines) {
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
                    err.println("error: " + command + ": " + describe(e));
                    return 1;
                }
            }
            out.flush();
            return 0;
        }
    }

    // The console sources the gogo.shell bundle's gosh_profile; a script gets the same, quietly.
    private void profile(CommandSession session) {
        for (Bundle b : context.getBundles()) {
            URL profile = SHELL_BUNDLE.equals(b.getSymbolicName()) ? b.getEntry("gosh_profile") : null;
            if (profile != null) {
                session.put(".gosh_quiet", Boolean.TRUE);
                try {
                    session.execute("source '" + profile + "'");
                } catch (Exception e) {
                    throw new IllegalStateException("the shell profile failed: " + describe(e), e);
                }
                return;
            }
        }
    }

    /**
     * @param e a failure
     * @return its message for a user: the innermost meaningful message; a missing or unreadable file is named by
     *     its absolute path
     */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof InvocationTargetException)) {
            t = t.getCause();
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NoSuchFileException f) {
                return "no such file: " + absolute(f.getFile());
            }
            if (c instanceof AccessDeniedException f) {
                return "permission denied: " + absolute(f.getFile());
            }
            if (c instanceof NotDirectoryException f) {
                return "not a folder: " + absolute(f.getFile());
            }
            if (c instanceof FileAlreadyExistsException f) {
                return "already exists: " + absolute(f.getFile());
            }
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static String absolute(String file) {
        return file == null ? "(unknown)" : Path.of(file).toAbsolutePath().normalize().toString();
    }

    // Gogo parses the line again: arguments with blanks or quotes are quoted so they stay one argument.
    static String joinAsCommand(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (a.isEmpty() || a.matches(".*[\\s\"'{}()\\[\\];|$].*")) {
                sb.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")).append('"');
            } else {
                sb.append(a);
            }
        }
        return sb.toString();
    }

    // Commands come from DS components that may still be registering when the first command runs.
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
