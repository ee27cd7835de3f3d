package org.raktakosh.stability.spring;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.raktakosh.stability.servlet.ErrorListener;
import org.raktakosh.stability.servlet.ErrorMetrics;
import org.raktakosh.stability.servlet.ErrorRecoveryConfig;
import org.raktakosh.stability.servlet.ErrorRecoveryFilter;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.StabilityInstaller;
import org.raktakosh.stability.servlet.jetty.ProblemErrorHandler;
import org.raktakosh.stability.servlet.jetty.TraceRefusal;
import org.raktakosh.stability.servlet.tomcat.ProblemErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of request correlation and error recovery in a servlet web application.
 *
 * <ul>
 *   <li>{@link RequestIdFilter} on every path, outermost ({@link
 *       StabilityFilterOrders#REQUEST_ID}), for REQUEST, ASYNC and ERROR dispatches, with the
 *       header {@code stability.request-id.header}; {@code stability.request-id.enabled=false}
 *       removes it;
 *   <li>{@link ErrorRecoveryFilter} on every path ({@link StabilityFilterOrders#ERROR_RECOVERY}),
 *       for REQUEST, ASYNC and ERROR dispatches, configured by an {@link ErrorRecoveryConfig} bean
 *       (built from {@code stability.errors.*} unless the application defines its own), with every
 *       {@link ErrorListener} bean added to it; {@code stability.errors.enabled=false} removes it;
 *   <li>on Tomcat, its error report valve replaced by one that writes problem JSON, and on Jetty a
 *       {@link ProblemErrorHandler} as the server's error handler, for the requests the container
 *       refuses before any filter runs (unparsable request line or headers, a path that does not
 *       decode, headers too large); {@code stability.errors.container-rejections=false} keeps the
 *       container's HTML page;
 *   <li>on Jetty, {@code TRACE} refused with 405 ({@link TraceRefusal}) as Tomcat refuses it,
 *       instead of echoed back with its headers; {@code stability.errors.refuse-trace=false} leaves
 *       it to the servlet;
 *   <li>with Micrometer and a {@link MeterRegistry} bean, {@link ErrorMetrics}, which Boot binds to
 *       the registry and which hears the filter as one of its listeners.
 * </ul>
 *
 * <p>The error filter sits outside the DispatcherServlet, so it works beside {@code
 * ControllerAdvice} and Spring's {@code ProblemDetail}: what Spring MVC resolves itself is written
 * by Spring and passes through unchanged; what it does not resolve, and what other filters throw,
 * becomes a problem here. {@code stability.enabled=false} turns all of it off.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "stability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StabilityProperties.class)
public final class StabilityErrorsAutoConfiguration {

  /** Name of the request-id filter's registration bean. */
  public static final String REQUEST_ID_FILTER_BEAN = "stabilityRequestIdFilter";

  /** Name of the error-recovery filter's registration bean. */
  public static final String ERROR_RECOVERY_FILTER_BEAN = "stabilityErrorRecoveryFilter";

  /** Creates the auto-configuration; Spring calls this. */
  public StabilityErrorsAutoConfiguration() {}

  /**
   * {@link RequestIdFilter} for REQUEST, ASYNC and ERROR dispatches: the later dispatches of a
   * request reuse its id and restore the MDC on whatever thread runs them.
   */
  @Bean(REQUEST_ID_FILTER_BEAN)
  @ConditionalOnMissingBean(name = REQUEST_ID_FILTER_BEAN)
  @ConditionalOnBooleanProperty(name = "stability.request-id.enabled", matchIfMissing = true)
  FilterRegistrationBean<RequestIdFilter> stabilityRequestIdFilter(StabilityProperties properties) {
    FilterRegistrationBean<RequestIdFilter> registration =
        new FilterRegistrationBean<>(ErrorSettings.requestIdFilter(properties.getRequestId()));
    registration.setName(StabilityInstaller.REQUEST_ID_FILTER_NAME);
    registration.setOrder(StabilityFilterOrders.REQUEST_ID);
    registration.setDispatcherTypes(
        DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    registration.setAsyncSupported(true);
    return registration;
  }

  /**
   * The request id in Spring MVC's own {@code ProblemDetail} bodies, unless {@code
   * stability.request-id.problem-details=false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice")
  @ConditionalOnBooleanProperty(name = "stability.request-id.enabled", matchIfMissing = true)
  @ConditionalOnBooleanProperty(
      name = "stability.request-id.problem-details",
      matchIfMissing = true)
  static class ProblemDetailConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemDetailRequestId stabilityProblemDetailRequestId() {
      return new ProblemDetailRequestId();
    }
  }

  /** Error recovery, unless {@code stability.errors.enabled=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "stability.errors.enabled", matchIfMissing = true)
  static class ErrorRecoveryConfiguration {

    /** The filter's settings from {@code stability.errors.*}; a bean of the application's wins. */
    @Bean
    @ConditionalOnMissingBean
    ErrorRecoveryConfig stabilityErrorRecoveryConfig(StabilityProperties properties) {
      return ErrorSettings.errorRecoveryConfig(properties.getErrors());
    }

    /**
     * {@link ErrorRecoveryFilter} for REQUEST, ASYNC and ERROR dispatches. An ERROR dispatch
     * reaches it only for an error it could not answer on the REQUEST dispatch (Tomcat's own {@code
     * sendError} for a body it cannot read): it answers the problem there instead of Boot's {@code
     * /error} page.
     */
    @Bean(ERROR_RECOVERY_FILTER_BEAN)
    @ConditionalOnMissingBean(name = ERROR_RECOVERY_FILTER_BEAN)
    FilterRegistrationBean<ErrorRecoveryFilter> stabilityErrorRecoveryFilter(
        ErrorRecoveryConfig config, ObjectProvider<ErrorListener> listeners) {
      ErrorRecoveryFilter filter = new ErrorRecoveryFilter(config);
      listeners.orderedStream().forEach(filter::addListener);
      FilterRegistrationBean<ErrorRecoveryFilter> registration =
          new FilterRegistrationBean<>(filter);
      registration.setName(StabilityInstaller.ERROR_RECOVERY_FILTER_NAME);
      registration.setOrder(StabilityFilterOrders.ERROR_RECOVERY);
      registration.setDispatcherTypes(
          DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
      registration.setAsyncSupported(true);
      filter.mountedForAsyncDispatches(); // committed async failures are cut off from the start
      return registration;
    }

    /**
     * Tomcat's own error report (for requests it refuses before any filter runs) as problem JSON,
     * unless {@code stability.errors.container-rejections=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = {
          "org.apache.catalina.valves.ErrorReportValve",
          "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory"
        })
    @ConditionalOnBooleanProperty(
        name = "stability.errors.container-rejections",
        matchIfMissing = true)
    static class TomcatErrorReportConfiguration {

      @Bean
      WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> stabilityTomcatErrorReport() {
        return factory -> factory.addContextCustomizers(ProblemErrorReportValve::installOn);
      }
    }

    /**
     * Jetty's server-wide error page (for requests it refuses before any filter runs) as problem
     * JSON, unless {@code stability.errors.container-rejections=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = {
          "org.eclipse.jetty.server.handler.ErrorHandler",
          "org.springframework.boot.jetty.ConfigurableJettyWebServerFactory"
        })
    @ConditionalOnBooleanProperty(
        name = "stability.errors.container-rejections",
        matchIfMissing = true)
    static class JettyErrorHandlerConfiguration {

      @Bean
      WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> stabilityJettyErrorHandler() {
        return factory ->
            factory.addServerCustomizers(
                server -> server.setErrorHandler(new ProblemErrorHandler()));
      }
    }

    /**
     * On Jetty, {@code TRACE} refused with 405 as Tomcat refuses it, instead of echoed with 200 by
     * {@code HttpServlet.doTrace} (its headers included), unless {@code
     * stability.errors.refuse-trace=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
        name = {
          "org.eclipse.jetty.server.handler.ConditionalHandler",
          "org.springframework.boot.jetty.ConfigurableJettyWebServerFactory"
        })
    @ConditionalOnBooleanProperty(name = "stability.errors.refuse-trace", matchIfMissing = true)
    static class JettyTraceRefusalConfiguration {

      @Bean
      WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> stabilityJettyTraceRefusal() {
        // Boot runs server customizers after it has set the server's handler: this one goes
        // around all of it.
        return factory ->
            factory.addServerCustomizers(
                server -> server.setHandler(TraceRefusal.around(server.getHandler())));
      }
    }

    /** Error counters, when Micrometer is present and the application has a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class ErrorMetricsConfiguration {

      /**
       * The counters. As a {@code MeterBinder} bean Boot binds them to the meter registry; as an
       * {@link ErrorListener} bean they are added to the filter.
       */
      @Bean
      @ConditionalOnMissingBean
      ErrorMetrics stabilityErrorMetrics() {
        return new ErrorMetrics();
      }
    }
  }
}
