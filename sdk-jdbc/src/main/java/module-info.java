/**
 * Durable stores for sferum-java-sdk on a JDBC {@link javax.sql.DataSource} you supply (PostgreSQL): users' VK ID
 * grants, the message outbox with leases, the class-to-chat mapping and the lesson schedule, shared by every
 * application node.
 *
 * <p>Start with {@link dev.sferum.sdk.jdbc.JdbcStores#open(javax.sql.DataSource)}.
 */
module dev.sferum.sdk.jdbc {
    requires transitive java.sql;
    requires transitive dev.sferum.sdk.auth;
    requires transitive dev.sferum.sdk.chat;
    // Optional: only JdbcScheduleStore needs it, and whoever runs a LessonScheduler has it already.
    requires static transitive dev.sferum.sdk.video;
    requires org.slf4j;
    requires tools.jackson.databind;

    exports dev.sferum.sdk.jdbc;
}
