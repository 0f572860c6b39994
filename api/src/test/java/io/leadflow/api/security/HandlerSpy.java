package io.leadflow.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Test-only: records every request that reached a controller method, to prove that refused ones never did. */
@TestConfiguration(proxyBeanMethods = false)
public class HandlerSpy implements WebMvcConfigurer {

    /** A request that reached a handler: the raw URI as sent, and the controller it reached. */
    public record Reached(String method, String uri, Class<?> controller) {
    }

    private final List<Reached> reached = new CopyOnWriteArrayList<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (handler instanceof HandlerMethod method) {
                    reached.add(new Reached(request.getMethod(), request.getRequestURI(), method.getBeanType()));
                }
                return true;
            }
        });
    }

    public List<Reached> reached() {
        return List.copyOf(reached);
    }

    public void clear() {
        reached.clear();
    }
}
