package bitnet.precision;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds configuration annotation instances as SCR would: defaults unless overridden. */
final class Configs {
    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(Configs.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return type;
                    }
                    Object v = overrides.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                }));
    }

    static PrecisionManagerComponent.Config manager(Map<String, Object> overrides) {
        return of(PrecisionManagerComponent.Config.class, overrides);
    }
}
