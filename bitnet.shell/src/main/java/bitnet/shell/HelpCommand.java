package bitnet.shell;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code help} and {@code help COMMAND} for every registered command, hyphenated ones included. Gogo's own help
 * (felix:help) finds a command only through a method of the command's name, which a name like {@code quant-info}
 * cannot have; Gogo runs such a command through its {@code _main(String command, ...)} methods, and so does this
 * help. Registered as felix:help with a higher ranking, which Gogo prefers over the original.
 */
@Component(service = HelpCommand.class, property = {"osgi.command.scope=felix", "osgi.command.function=help",
    "service.ranking:Integer=100"})
public final class HelpCommand {
    private static final String MAIN = "_main";
    private final BundleContext context;

    /** @param context this bundle's context, to find the commands */
    @Activate
    public HelpCommand(BundleContext context) {
        this.context = context;
    }

    /** @return every command, one line each: its name and what it does */
    @Descriptor("lists every command with a line on what it does")
    public String help() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Method>> e : commands().entrySet()) {
            String line = e.getValue().stream().map(m -> m.getAnnotation(Descriptor.class)).filter(d -> d != null)
                    .map(Descriptor::value).findFirst().orElse("");
            sb.append(e.getKey()).append(line.isEmpty() ? "" : " - " + line).append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param name a command, with or without its scope
     * @return what it does and its parameters, one block per form
     */
    @Descriptor("describes a command and its parameters")
    public String help(@Descriptor("the command, e.g. bitnet:op or op") String name) {
        Map<String, List<Method>> all = commands();
        String key = name.contains(":") ? name : all.keySet().stream()
                .filter(k -> k.substring(k.indexOf(':') + 1).equals(name)).findFirst().orElse(name);
        List<Method> methods = all.get(key);
        if (methods == null) {
            throw new IllegalArgumentException("no command " + name + "; type help for the list");
        }
        StringBuilder sb = new StringBuilder();
        for (Method m : methods) {
            Descriptor d = m.getAnnotation(Descriptor.class);
            sb.append(key).append(d == null ? "" : " - " + d.value()).append(System.lineSeparator());
            List<String> params = new ArrayList<>();
            Annotation[][] annotations = m.getParameterAnnotations();
            Class<?>[] types = m.getParameterTypes();
            int first = firstArgument(m);
            for (int i = first; i < types.length; i++) {
                if (types[i] == CommandSession.class) {
                    continue;
                }
                Descriptor pd = find(annotations[i], Descriptor.class);
                Parameter p = find(annotations[i], Parameter.class);
                String label = p != null ? String.join(", ", p.names())
                        : m.getParameters()[i].getName().toUpperCase(Locale.ROOT);
                params.add("   " + label + (pd == null ? "" : "   " + pd.value()));
            }
            sb.append("   usage: ").append(key).append(usage(m)).append(System.lineSeparator());
            if (!params.isEmpty()) {
                sb.append("   parameters:").append(System.lineSeparator());
                params.forEach(p -> sb.append("   ").append(p).append(System.lineSeparator()));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }

    // Gogo passes _main the command's name as its first argument after an optional session: not the user's to type.
    private static int firstArgument(Method m) {
        if (!m.getName().equals(MAIN)) {
            return 0;
        }
        Class<?>[] types = m.getParameterTypes();
        return types.length > 0 && types[0] == CommandSession.class ? 2 : 1;
    }

    private static String usage(Method m) {
        StringBuilder sb = new StringBuilder();
        Annotation[][] annotations = m.getParameterAnnotations();
        Class<?>[] types = m.getParameterTypes();
        for (int i = firstArgument(m); i < types.length; i++) {
            if (types[i] == CommandSession.class) {
                continue;
            }
            Parameter p = find(annotations[i], Parameter.class);
            boolean varargs = m.isVarArgs() && i == types.length - 1;
            String name = m.getParameters()[i].getName().toUpperCase(Locale.ROOT);
            sb.append(' ').append(p != null ? "[" + p.names()[0] + "]" : varargs ? "[" + name + " ...]" : name);
        }
        return sb.toString();
    }

    private static <T extends Annotation> T find(Annotation[] annotations, Class<T> type) {
        for (Annotation a : annotations) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    // Every command: scope:function -> the methods Gogo would run for it (by name, or _main for any name).
    private Map<String, List<Method>> commands() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(osgi.command.scope=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, List<Method>> commands = new TreeMap<>();
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                String scope = String.valueOf(ref.getProperty("osgi.command.scope"));
                Object functions = ref.getProperty("osgi.command.function");
                String[] names = functions instanceof String[] a ? a : new String[] {String.valueOf(functions)};
                Method[] methods = service.getClass().getMethods();
                Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparingInt(Method::getParameterCount));
                for (String function : names) {
                    List<Method> matching = new ArrayList<>();
                    for (Method m : methods) {
                        if (m.getName().equalsIgnoreCase(function) || m.getName().equals(MAIN) && function.contains("-")) {
                            matching.add(m);
                        }
                    }
                    if (!matching.isEmpty()) {
                        commands.merge(scope + ":" + function, matching, (a, b) -> a);
                    }
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return commands;
    }
}
