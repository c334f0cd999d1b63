package dev.sferum.sdk.spring.apps;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The tests' application: in a package of its own, so that its component scan does not pick up the starter's
 * configuration classes as if they were the application's.
 */
@SpringBootApplication
public class TestApp {
}
