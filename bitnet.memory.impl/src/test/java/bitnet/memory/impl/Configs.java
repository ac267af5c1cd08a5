package bitnet.memory.impl;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds {@link CpuMemoryPoolComponent.Config} instances as SCR would: defaults unless overridden. */
final class Configs {
    private Configs() {
    }

    static CpuMemoryPoolComponent.Config cpu(Map<String, Object> overrides) {
        return (CpuMemoryPoolComponent.Config) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {CpuMemoryPoolComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return CpuMemoryPoolComponent.Config.class;
                    }
                    Object v = overrides.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
