package org.raktakosh.connect;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The RaktaKosh Connect back end: a blood-donor registry on port 8003, and the test bed of the
 * Stability library (its health endpoints come from the starter).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RaktaKoshApplication {

  /** The clock for timestamps and ages; a bean so that tests can pin time. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Starts the back end. */
  public static void main(String[] args) {
    SpringApplication.run(RaktaKoshApplication.class, args);
  }
}
