package dev.sferum.sdk.spring.apps;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The tests' application: in a package of its own, so that its component scan does not pick up the starter's
 * configuration classes as if they were the application's. Without a database: the JDBC store tests bring Spring
 * Boot's DataSource auto-configuration onto the test class path, and configure it themselves.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class TestApp {
}
