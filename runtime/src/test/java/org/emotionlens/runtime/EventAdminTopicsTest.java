package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

/**
 * The topics the container tells Felix Event Admin to ignore, checked with Event Admin's own matcher (the bundle the
 * container runs): the framework's and the log's events are dropped before they reach its thread pool, the
 * project's own events are delivered.
 */
class EventAdminTopicsTest {
    @Test
    void frameworkAndLogTopicsAreIgnoredAndTheProjectsAreNot() throws Exception {
        Class<?> matchers = Class.forName("org.apache.felix.eventadmin.impl.util.Matchers");
        Object[] ignored = (Object[]) matchers.getMethod("createEventTopicMatchers", String[].class)
                .invoke(null, (Object) Container.EVENT_ADMIN_IGNORED_TOPICS.split(","));
        for (String topic : new String[] {"org/osgi/framework/ServiceEvent/UNREGISTERING",
                "org/osgi/framework/BundleEvent/STOPPED", "org/osgi/framework/FrameworkEvent/STARTED",
                "org/osgi/service/log/LogEntry/LOG_WARNING"}) {
            assertThat(ignoredByAny(ignored, topic)).as(topic).isTrue();
        }
        for (String topic : new String[] {"emotionlens/prediction", "emotionlens/label/changed"}) {
            assertThat(ignoredByAny(ignored, topic)).as(topic).isFalse();
        }
    }

    private static boolean ignoredByAny(Object[] matchers, String topic) throws Exception {
        for (Object m : matchers) {
            Method match = m.getClass().getMethod("match", String.class);
            match.setAccessible(true);
            if ((boolean) match.invoke(m, topic)) {
                return true;
            }
        }
        return false;
    }
}
