package io.leadflow.api.security;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets controllers take the authenticated tenant as a {@link TenantScope} parameter, from the security context, so a
 * handler can only ever reach the caller's own tenant. Without a tenant authentication it refuses (a second line:
 * the chain should never have let such a request reach a tenant handler).
 */
final class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return TenantScope.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof TenantAuthentication tenant) {
            return tenant.scope();
        }
        throw new LeadflowException(ErrorCode.UNAUTHORIZED, "tenant authentication is required");
    }
}
