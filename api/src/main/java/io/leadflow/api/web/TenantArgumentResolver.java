package io.leadflow.api.web;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.tenant.TenantScope;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets controllers take the authenticated tenant as a {@link TenantScope} parameter. */
class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return TenantScope.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object tenant = request.getAttribute(TenantAuthFilter.TENANT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (tenant == null) {
            throw new LeadflowException(ErrorCode.UNAUTHORIZED, "tenant authentication is required");
        }
        return tenant;
    }
}
