package bitnet.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import bitnet.server.ModelHost;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * When API keys are configured, every request but {@code /health} needs one ({@code Authorization: Bearer KEY}); a
 * missing or wrong key gets 401. The keys in force are read at each request, so a change applies at once.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=50")
@HttpWhiteboardFilterPattern("/*")
public final class ApiKeyFilter implements Filter {
    private final ModelHost host;

    /** @param host holds the settings in force */
    @Activate
    public ApiKeyFilter(@Reference ModelHost host) {
        this.host = host;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        List<String> keys = host.settings().apiKeys();
        if (keys.isEmpty() || "/health".equals(RequestMetricsFilter.path(http))) {
            chain.doFilter(request, response);
            return;
        }
        String header = http.getHeader("Authorization");
        HttpServletResponse out = (HttpServletResponse) response;
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            out.setHeader("WWW-Authenticate", "Bearer");
            Json.writeError(out, ApiError.unauthorized("Missing API key: send the header 'Authorization: Bearer "
                    + "KEY'."));
            return;
        }
        if (!accepted(header.substring(7).strip(), keys)) {
            out.setHeader("WWW-Authenticate", "Bearer");
            Json.writeError(out, ApiError.unauthorized("Incorrect API key provided."));
            return;
        }
        chain.doFilter(request, response);
    }

    // Compares with every key in constant time, so that timing tells nothing about how much of a key matched.
    static boolean accepted(String given, List<String> keys) {
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String key : keys) {
            ok |= MessageDigest.isEqual(g, key.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }
}
