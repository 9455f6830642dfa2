package org.emotionlens.sink.mqtt.internal;

import org.emotionlens.api.PredictionSink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.util.Hashtable;
import java.util.Map;

/**
 * The MQTT sink as a factory component ({@code emotion.sink.mqtt~<name>}). It registers its {@link PredictionSink}
 * itself, with the component's properties plus {@code emotion.sink.type=mqtt}, so that the registration can carry live
 * counters DS cannot update: {@code emotion.sink.mqtt.connected}, {@code .published}, {@code .dropped},
 * {@code .buffered}, {@code .reconnects} (refreshed when the connection comes or goes and about once a second while
 * they change). A bad setting fails the activation with a message naming it.
 */
@Component(configurationPid = Settings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = MqttSinkConfig.class, factory = true)
public class MqttSinkComponent {
    static final String PROPERTY = "emotion.sink.mqtt.";

    private MqttPredictionSink sink;
    private ServiceRegistration<PredictionSink> registration;
    private Hashtable<String, Object> base;

    @Activate
    void activate(MqttSinkConfig config, BundleContext context, Map<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        String name = pid == null ? "" : pid.toString();
        name = name.contains("~") ? name.substring(name.indexOf('~') + 1) : name.startsWith(Settings.PID) ? "" : name;
        Settings settings = Settings.of(config, name);
        Hashtable<String, Object> props = new Hashtable<>();
        properties.forEach((k, v) -> {
            if (!k.startsWith(".") && v != null) {
                props.put(k, v);
            }
        });
        props.put(PredictionSink.TYPE, "mqtt");
        props.put(PROPERTY + "broker", settings.brokerUri());
        props.put(PROPERTY + "topic", settings.topic());
        props.put(PROPERTY + "client.id", settings.clientId());
        synchronized (this) {
            base = props;
        }
        MqttPredictionSink s = new MqttPredictionSink(settings, this::publishStatus);
        synchronized (this) {
            sink = s;
            registration = context.registerService(PredictionSink.class, s, withStatus());
        }
    }

    /** Unregisters first (pipelines let the sink go and flush it), then drains, leaves the broker and logs counts. */
    @Deactivate
    void deactivate() {
        MqttPredictionSink s;
        ServiceRegistration<PredictionSink> r;
        synchronized (this) {
            s = sink;
            r = registration;
            registration = null;
        }
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
        if (s != null) {
            s.close();
        }
    }

    private synchronized Hashtable<String, Object> withStatus() {
        Hashtable<String, Object> props = new Hashtable<>(base);
        MqttPublisher.Status st = sink == null ? null : sink.status();
        props.put(PROPERTY + "connected", st != null && st.connected());
        props.put(PROPERTY + "published", st == null ? 0L : st.delivered());
        props.put(PROPERTY + "dropped", st == null ? 0L : st.dropped());
        props.put(PROPERTY + "buffered", st == null ? 0L : st.buffered());
        props.put(PROPERTY + "reconnects", st == null ? 0L : Math.max(0, st.connects() - 1));
        return props;
    }

    private synchronized void publishStatus() {
        if (registration == null) {
            return;
        }
        try {
            registration.setProperties(withStatus());
        } catch (IllegalStateException e) {
            // unregistered meanwhile
        }
    }
}
