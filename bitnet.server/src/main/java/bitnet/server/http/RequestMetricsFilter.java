package bitnet.server.http;

import java.io.IOException;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import bitnet.server.ServerMetrics;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts every request by endpoint and final status, refused ones (401, 413, 429) included: it runs before every
 * other filter. Paths no endpoint serves count as {@code other}, so that the metric's labels stay few.
 */
@Component(service = Filter.class, property = "service.ranking:Integer=100")
@HttpWhiteboardFilterPattern("/*")
public final class RequestMetricsFilter implements Filter {
    /** The endpoints' paths. */
    static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/completions", "/v1/models",
            "/tokenize", "/detokenize", "/health", "/metrics");

    private final ServerMetrics metrics;

    /** @param metrics the server's metrics */
    @Activate
    public RequestMetricsFilter(@Reference ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = path((HttpServletRequest) request);
        try {
            chain.doFilter(request, response);
        } finally {
            metrics.request(ENDPOINTS.contains(path) ? path : "other", ((HttpServletResponse) response).getStatus());
        }
    }

    /**
     * @param request a request
     * @return its path below the context
     */
    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
