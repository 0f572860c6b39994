package io.leadflow.api.security;

import io.leadflow.api.trigger.TriggerMetrics;
import io.leadflow.api.web.ErrorWriter;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.metrics.LeadflowMetrics;
import io.leadflow.shared.security.AdminTokens;
import io.leadflow.shared.tenant.Tenants;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one place where access is decided (docs/SECURITY.md). Deny by default: a route is public, admin, publishable
 * or tenant as listed in {@link Routes}, and anything else is refused. The firewall first refuses every spelling on
 * which the security matchers and Spring MVC could disagree ({@code ;} parameters, encoded {@code /}, {@code .},
 * {@code %} and {@code \}, {@code //}, dot segments), so both see one path. Rate limits sit in the same chain, on the
 * same matched paths.
 *
 * <p>Order of the chain: firewall, CORS (publishable routes only), the per-address limit, admin token, tenant key,
 * authorization, the trigger route's metrics, the per-tenant limits, then the controllers. Actuator answers only on
 * the management port (never published), but for the liveness and readiness probes, which the public port serves
 * too. {@code ClientController} checks the admin role again.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfiguration implements WebMvcConfigurer {

    @Bean
    SecurityFilterChain api(HttpSecurity http, AdminTokens tokens, ClientDirectory clients, Tenants tenants,
                            LeadflowProperties properties, ErrorWriter errors, LeadflowMetrics metrics,
                            StreamTokens streamTokens)
            throws Exception {
        SecurityAnswers answers = new SecurityAnswers(errors);
        LeadflowProperties.Api limits = properties.api();
        ClientAddresses addresses = new ClientAddresses(limits.trustedProxies());
        RateLimitFilter perAddress = new RateLimitFilter("rateLimitPerAddress", List.of(RateLimitFilter.Limit.perMinute(
                "address", AnyRequestMatcher.INSTANCE, addresses::of, limits.globalRequestsPerMinute())), errors);
        var tenantRoutes = new AndRequestMatcher(Routes.TENANT, new NegatedRequestMatcher(Routes.PUBLIC));
        RateLimitFilter perTenant = new RateLimitFilter("rateLimitPerTenant", List.of(
                RateLimitFilter.Limit.perMinute("trigger", Routes.TRIGGER, SecurityConfiguration::tenant,
                        limits.triggerRequestsPerMinute()),
                RateLimitFilter.Limit.perMinute("events", Routes.BUSINESS_EVENTS, SecurityConfiguration::tenant,
                        limits.eventRequestsPerMinute()),
                RateLimitFilter.Limit.perMinute("lead-create", Routes.LEAD_CREATE, SecurityConfiguration::tenant,
                        limits.leadCreatesPerMinute()),
                RateLimitFilter.Limit.perMinute("tenant", tenantRoutes, SecurityConfiguration::tenant,
                        limits.tenantRequestsPerMinute())), errors);

        http
                .csrf(AbstractHttpConfigurer::disable) // no cookies, no sessions: credentials are explicit headers
                .cors(AbstractHttpConfigurer::disable) // TenantCors below, with its per-tenant origins
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .addFilterAfter(new TenantCors(clients, errors), HeaderWriterFilter.class)
                .addFilterAfter(perAddress, TenantCors.class)
                .addFilterAfter(new AdminTokenFilter(tokens), RateLimitFilter.class)
                .addFilterAfter(new TenantKeyFilter(clients, tenants), AdminTokenFilter.class)
                .addFilterAfter(new StreamTokenFilter(streamTokens, clients, tenants), TenantKeyFilter.class)
                .addFilterAfter(new TriggerMetrics(Routes.TRIGGER, SecurityConfiguration::tenant, metrics),
                        AuthorizationFilter.class)
                .addFilterAfter(perTenant, TriggerMetrics.class)
                .authorizeHttpRequests(access -> access
                        // Error pages render the envelope for failures that happened on an already admitted request.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // A live stream's completion is dispatched again; the request was authorized when it opened.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(Routes.PUBLIC).permitAll()
                        .requestMatchers(Routes.MANAGEMENT).permitAll()
                        .requestMatchers(Routes.ADMIN).hasRole(AdminAuthentication.ROLE)
                        .requestMatchers(Routes.CHAT_STREAM)
                        .hasAnyAuthority(TenantAuthentication.SECRET, TenantAuthentication.STREAM)
                        .requestMatchers(Routes.PUBLISHABLE)
                        .hasAnyAuthority(TenantAuthentication.SECRET, TenantAuthentication.PUBLISHABLE)
                        .requestMatchers(Routes.TENANT).hasAuthority(TenantAuthentication.SECRET)
                        .anyRequest().denyAll());
        return http.build();
    }

    /**
     * Refuses, before any matching or routing, the spellings that make a path mean two things: {@code ;}
     * parameters, URL-encoded {@code /}, {@code .}, {@code %}, {@code \}, {@code //}, dot segments, null bytes and
     * line breaks, and methods outside GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowSemicolon(false);
        firewall.setAllowUrlEncodedSlash(false);
        firewall.setAllowUrlEncodedDoubleSlash(false);
        firewall.setAllowUrlEncodedPeriod(false);
        firewall.setAllowUrlEncodedPercent(false);
        firewall.setAllowBackSlash(false);
        firewall.setAllowNull(false);
        firewall.setAllowedHttpMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        return firewall;
    }

    /** The firewall's refusals answer 400 in the envelope. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorWriter errors) {
        return new SecurityAnswers(errors);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new TenantArgumentResolver());
    }

    /** The authenticated tenant's code, for per-tenant limits; null (not counted) for anyone else. */
    private static String tenant(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof TenantAuthentication tenant ? tenant.clientCode() : null;
    }
}
