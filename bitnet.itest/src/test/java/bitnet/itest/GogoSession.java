package bitnet.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A Gogo session set up as the launcher sets up its scripted sessions (the gogo.shell bundle's profile sourced
 * quietly), which runs command lines and returns what a user would see: the formatted result, or the error.
 */
final class GogoSession implements AutoCloseable {
    /** What one command line gave. */
    record Result(String command, String output, Throwable error) {
        boolean failed() {
            return error != null;
        }

        String errorMessage() {
            Throwable t = error;
            while (t != null && t.getCause() != null
                    && (t.getMessage() == null || t instanceof InvocationTargetException)) {
                t = t.getCause();
            }
            return t == null ? null : t.getMessage();
        }

        /** @return the output, or an AssertionError naming the command and its error */
        String ok() {
            if (error != null) {
                throw new AssertionError(command + " failed: " + errorMessage(), error);
            }
            return output;
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final CommandSession session;

    GogoSession(BundleContext context, CommandProcessor processor) throws Exception {
        this(context, processor, "");
    }

    /**
     * @param context a bundle context
     * @param processor Gogo's processor
     * @param input what commands that read input (bitnet:chat) read
     */
    GogoSession(BundleContext context, CommandProcessor processor, String input) throws Exception {
        Platform.await(context, "(&(osgi.command.scope=felix)(osgi.command.function=help))", 10_000);
        session = processor.createSession(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, out);
        for (Bundle b : context.getBundles()) {
            URL profile = "org.apache.felix.gogo.shell".equals(b.getSymbolicName()) ? b.getEntry("gosh_profile") : null;
            if (profile != null) {
                session.put(".gosh_quiet", Boolean.TRUE);
                session.execute("source '" + profile + "'");
            }
        }
    }

    /**
     * @param line a command line as a user types it
     * @return what it printed and returned, or its error
     */
    Result run(String line) {
        bytes.reset();
        try {
            Object value = session.execute(line);
            out.flush();
            String printed = bytes.toString(StandardCharsets.UTF_8);
            String formatted = value == null ? "" : String.valueOf(session.format(value, Converter.INSPECT));
            return new Result(line, printed + formatted, null);
        } catch (Exception e) {
            return new Result(line, bytes.toString(StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
