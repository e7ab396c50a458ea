package io.hijackwatch.tenant;

import io.hijackwatch.database.TenantScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Resolves {@code Authorization: Bearer <key>} to the key's tenant and role before any API handler runs, and hands
 * the result to handlers that declare an {@link ApiKeyPrincipal} parameter. Failures become problem details through
 * the ordinary exception handling, so they look like every other error.
 */
class ApiKeyAuthentication implements HandlerInterceptor, HandlerMethodArgumentResolver {

    private static final String ATTRIBUTE = ApiKeyPrincipal.class.getName();
    private static final String OPERATOR = OperatorAccess.class.getName();
    private static final String BEARER = "Bearer ";
    private static final String SCOPE = TenantScope.class.getName();

    private final TenantRepository tenants;
    private final OperatorKey operatorKey;
    private final RateLimits rateLimits;
    private final Clock clock;

    ApiKeyAuthentication(TenantRepository tenants, OperatorKey operatorKey, RateLimits rateLimits, Clock clock) {
        this.tenants = tenants;
        this.operatorKey = operatorKey;
        this.rateLimits = rateLimits;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String key = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (operatorKey.matches(key)) {
            request.setAttribute(OPERATOR, new OperatorAccess());
            return true;
        }
        ApiKeyPrincipal principal = tenants.findActiveKey(key, clock.instant())
                .orElseThrow(() -> new AuthenticationRequiredException("The API key is not valid."));
        rateLimits.check(principal, isIngestion(request) ? RateLimits.Budget.INGEST : RateLimits.Budget.API);
        request.setAttribute(ATTRIBUTE, principal);
        request.setAttribute(SCOPE, TenantScope.enter(principal.tenantId()));
        return true;
    }

    /** Leaves the tenant's database scope, whatever the handler did. */
    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        Object scope = request.getAttribute(SCOPE);
        if (scope instanceof TenantScope) {
            ((TenantScope) scope).close();
            request.removeAttribute(SCOPE);
        }
    }

    private static boolean isIngestion(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().startsWith("/api/v1/events");
    }

    private static String bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AuthenticationRequiredException("Send an API key as 'Authorization: Bearer <key>'.");
        }
        String key = header.substring(BEARER.length()).trim();
        if (key.isEmpty()) {
            throw new AuthenticationRequiredException("Send an API key as 'Authorization: Bearer <key>'.");
        }
        return key;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ApiKeyPrincipal.class
                || parameter.getParameterType() == OperatorAccess.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        boolean operator = request.getAttribute(OPERATOR, RequestAttributes.SCOPE_REQUEST) != null;
        if (parameter.getParameterType() == OperatorAccess.class) {
            if (!operator) {
                throw new AccessDeniedException("Only the operator key manages tenants.");
            }
            return new OperatorAccess();
        }
        if (operator) {
            throw new AccessDeniedException("The operator key manages tenants only; use a tenant's API key.");
        }
        Object principal = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (principal == null) {
            throw new AuthenticationRequiredException("Send an API key as 'Authorization: Bearer <key>'.");
        }
        return principal;
    }
}
