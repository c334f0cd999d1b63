package dev.sferum.sdk.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Arrays;

/**
 * A school service on the Spring Boot starter: it syncs the school's roster into class chats on a schedule
 * ({@link RosterJob}), receives the chats' events on the VK Callback API endpoint ({@link Inbox}), and exposes
 * {@code /actuator/health} and {@code /actuator/prometheus}.
 *
 * <pre>{@code
 * java -jar samples/spring-school/target/sferum-spring-school.jar demo      # an embedded fake VK school
 * SFERUM_TOKEN=... SFERUM_GROUP_ID=123456 SCHOOL_ROSTER_FILE=roster.csv java -jar sferum-spring-school.jar
 * }</pre>
 */
@SpringBootApplication
@EnableScheduling
public class SchoolService {

    /**
     * Starts the service; with the argument {@code demo}, against an embedded fake VK with a school of three classes.
     *
     * @param args Spring Boot's arguments, and {@code demo}
     */
    public static void main(String[] args) {
        application(Arrays.asList(args).contains("demo")).run(args);
    }

    /**
     * The application, with or without the demo school.
     *
     * @param demo whether to start the embedded fake and point the starter at it
     * @return the application, not yet run
     */
    static SpringApplication application(boolean demo) {
        SpringApplication app = new SpringApplication(SchoolService.class);
        if (demo) {
            DemoSchool school = DemoSchool.start();
            app.setDefaultProperties(school.properties());
            app.addInitializers(context -> ((GenericApplicationContext) context).registerBean(DemoSchool.class, () -> school,
                    bd -> bd.setDestroyMethodName("close")));
        }
        return app;
    }
}
