package io.leadflow.api.security;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet container's part of "the firewall sees every path": the odd URI spellings Tomcat would refuse on its
 * own go to the security firewall instead, which refuses them in the envelope (encoded {@code /} and {@code \} pass
 * through undecoded, so nothing is decoded into a path separator); and what Tomcat still refuses itself (a URI it
 * cannot decode, {@code %00}) is answered in the envelope too ({@link EnvelopeErrorReportValve}). Runs after Spring
 * Boot's own Tomcat customizer, so its error valve is the one that stays.
 */
@Configuration(proxyBeanMethods = false)
class ContainerHardening implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        });
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
                host.getPipeline().addValve(new EnvelopeErrorReportValve());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
