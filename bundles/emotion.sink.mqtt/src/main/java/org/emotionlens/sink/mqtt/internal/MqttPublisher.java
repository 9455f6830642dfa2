package org.emotionlens.sink.mqtt.internal;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands messages to the broker from its own thread, so that {@link #offer} (called by the frame loop) only queues.
 *
 * <p>Every message stays in this publisher's bounded buffer until the broker acknowledged it (QoS 1 and 2; QoS 0: until
 * it was written to the connection): {@code pending} (not sent yet, oldest first) plus {@code inflight} (sent, not
 * acknowledged, in send order) never hold more than {@code buffer.size}. A full buffer drops the oldest pending
 * message and counts it. When the connection is lost the in-flight messages go back to the front of {@code pending}
 * in their order (a message the broker got but could not acknowledge is sent again: at least once, never out of order;
 * {@code seq} lets a reader see repeats and gaps), and the thread reconnects with a doubling backoff. Paho keeps no
 * session state of its own (clean session, memory persistence, no automatic reconnect): this class is the only one
 * that resends.
 */
final class MqttPublisher implements MqttCallback {
    private static final Logger LOG = Logger.getLogger(Settings.PID);

    /** One message; identity matters (the same seq may be sent twice after a reconnect). */
    static final class Message {
        final long seq;
        final String topic;
        final byte[] payload;
        /** Connection epoch it was last sent on, so that a late failure of an old connection is ignored. */
        int epoch;

        Message(long seq, String topic, byte[] payload) {
            this.seq = seq;
            this.topic = topic;
            this.payload = payload;
        }
    }

    private final Settings settings;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final Runnable onChange;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private final ArrayDeque<Message> inflight = new ArrayDeque<>();
    // guarded by lock
    private boolean connected;
    private boolean halt;
    private int epoch;
    private long accepted;
    private long delivered;
    private long dropped;
    private long connects;
    private long losses;
    private long lostAtNanos;
    private long lastOutageNanos = -1;
    private String lastError;
    private boolean unreachableLogged;

    private final IMqttActionListener delivery = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            acknowledged((Message) token.getUserContext());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            Message m = (Message) token.getUserContext();
            lost(m.epoch, e);
        }
    };

    /**
     * @param onChange called from the publisher's thread when the connection comes or goes and about once a second
     *                 while counts change (to update service properties); never from the caller of {@link #offer}
     */
    MqttPublisher(Settings settings, Runnable onChange) {
        this.settings = settings;
        this.onChange = onChange;
        try {
            client = new MqttAsyncClient(settings.brokerUri(), settings.clientId(), new MemoryPersistence());
        } catch (IllegalArgumentException | MqttException e) {
            // Paho's own checks (after ours): unsupported scheme or options, bad client id.
            throw Settings.bad(Settings.PID + (settings.name().isEmpty() ? "" : "~" + settings.name()), "broker.uri",
                    "'" + settings.brokerUri() + "' is refused by the MQTT client (" + e.getMessage() + "); write the"
                            + " broker as tcp://host:port, e.g. tcp://127.0.0.1:1883");
        }
        client.setCallback(this);
        options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(settings.keepAliveS());
        options.setConnectionTimeout((int) Math.max(1, (settings.connectTimeoutMs() + 999) / 1000));
        options.setMaxInflight(settings.maxInflight());
        thread = new Thread(this::run, "emotion.sink.mqtt " + settings.clientId());
        thread.setDaemon(true);
        thread.start();
    }

    // ---- the frame loop's side -------------------------------------------------------------------------------

    /** Queues the messages; never waits for the network. A full buffer drops its oldest waiting messages. */
    void offer(List<Message> messages) {
        lock.lock();
        try {
            if (halt) {
                dropped += messages.size();
                return;
            }
            for (Message m : messages) {
                while (pending.size() + inflight.size() >= settings.bufferSize() && !pending.isEmpty()) {
                    pending.pollFirst();
                    dropped++;
                }
                if (pending.size() + inflight.size() >= settings.bufferSize()) {
                    dropped++; // all of the buffer is in flight: the newest gives way
                    continue;
                }
                pending.addLast(m);
                accepted++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every message so far has reached the broker, the connection is down (nothing to wait for until it
     * is back; the buffer keeps them) or {@code timeoutMillis} passed. True when nothing is left.
     */
    boolean awaitDelivered(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!pending.isEmpty() || !inflight.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (!connected || left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMillis} for a connection; true when connected. */
    boolean awaitConnected(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!connected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counters at one instant. */
    record Status(boolean connected, long accepted, long delivered, long dropped, long buffered, long connects,
            long losses, long lastOutageMillis, String lastError) {
    }

    Status status() {
        lock.lock();
        try {
            return new Status(connected, accepted, delivered, dropped, pending.size() + inflight.size(), connects,
                    losses, lastOutageNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(lastOutageNanos), lastError);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread and leaves the broker (what is still buffered is left undelivered; see {@link #status}). */
    void close() {
        lock.lock();
        try {
            halt = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            // The thread may be inside a connect attempt: at most the connect timeout.
            thread.join(settings.connectTimeoutMs() + 2000L);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.log(Level.FINE, "mqtt disconnect", e);
        }
        try {
            client.disconnectForcibly(0, 500, false);
        } catch (MqttException e) {
            // not connected
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(Level.FINE, "mqtt close", e);
        }
    }

    // ---- the publisher thread --------------------------------------------------------------------------------

    private void run() {
        long backoff = settings.reconnectMinMs();
        long lastNotice = 0;
        Status noticed = null;
        try {
            while (true) {
                boolean up;
                lock.lock();
                try {
                    if (halt) {
                        return;
                    }
                    up = connected;
                } finally {
                    lock.unlock();
                }
                if (!up) {
                    if (connect()) {
                        backoff = settings.reconnectMinMs();
                        onChange.run();
                    } else {
                        // A real pause: offers signal the condition too, and must not speed up the retries.
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
                        lock.lock();
                        try {
                            long left;
                            while (!halt && (left = until - System.nanoTime()) > 0) {
                                changed.awaitNanos(left);
                            }
                        } finally {
                            lock.unlock();
                        }
                        backoff = Math.min(backoff * 2, settings.reconnectMaxMs());
                    }
                    continue;
                }
                Message next = null;
                int sentOn = 0;
                lock.lock();
                try {
                    while (!halt && connected && (pending.isEmpty() || inflight.size() >= settings.maxInflight())) {
                        if (!changed.await(1, TimeUnit.SECONDS)) {
                            break; // a quiet second: time to report counts
                        }
                    }
                    if (!halt && connected && !pending.isEmpty() && inflight.size() < settings.maxInflight()) {
                        next = pending.pollFirst();
                        next.epoch = epoch;
                        sentOn = epoch;
                        inflight.addLast(next);
                    }
                } finally {
                    lock.unlock();
                }
                if (next != null) {
                    try {
                        client.publish(next.topic, next.payload, settings.qos(), settings.retain(), next, delivery);
                    } catch (MqttException | RuntimeException e) {
                        if (e instanceof MqttException me && me.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                            requeue(next); // Paho still counts an acknowledged one: give it a moment
                            Thread.sleep(5);
                        } else {
                            lost(sentOn, e);
                        }
                    }
                }
                long now = System.nanoTime();
                if (now - lastNotice > TimeUnit.SECONDS.toNanos(1)) {
                    Status s = status();
                    if (!s.equals(noticed)) {
                        noticed = s;
                        onChange.run();
                    }
                    lastNotice = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            onChange.run();
        }
    }

    /** One connect attempt; false when it failed (logged once per outage). */
    private boolean connect() throws InterruptedException {
        try {
            if (client.isConnected()) {
                // Paho still thinks it is connected after a publish failed: start over.
                client.disconnectForcibly(0, 500, false);
            }
            long t0 = System.nanoTime();
            IMqttToken token = client.connect(options);
            try {
                token.waitForCompletion(settings.connectTimeoutMs() + 1000L);
            } finally {
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.fine(String.format(Locale.ROOT, "mqtt sink %s: connect attempt took %.1f ms",
                            settings.clientId(), (System.nanoTime() - t0) / 1e6));
                }
            }
        } catch (MqttException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
                    || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                try {
                    client.disconnectForcibly(0, 500, false);
                } catch (MqttException ignored) {
                    // nothing to end
                }
            }
            String why = describe(e);
            boolean first;
            lock.lock();
            try {
                lastError = why;
                first = !unreachableLogged;
                unreachableLogged = true;
            } finally {
                lock.unlock();
            }
            if (first) {
                LOG.warning("mqtt sink " + settings.clientId() + ": broker " + settings.brokerUri() + " not reachable ("
                        + why + "); buffering up to " + settings.bufferSize() + " messages and retrying every "
                        + settings.reconnectMinMs() + ".." + settings.reconnectMaxMs() + " ms");
            }
            return false;
        }
        long outage;
        long buffered;
        long droppedSoFar;
        boolean reconnect;
        lock.lock();
        try {
            connected = true;
            epoch++;
            connects++;
            reconnect = connects > 1;
            outage = lostAtNanos == 0 ? -1 : System.nanoTime() - lostAtNanos;
            if (outage >= 0) {
                lastOutageNanos = outage;
            }
            lostAtNanos = 0;
            unreachableLogged = false;
            lastError = null;
            buffered = pending.size();
            droppedSoFar = dropped;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (reconnect) {
            LOG.info(String.format(Locale.ROOT, "mqtt sink %s: reconnected to %s after %.2f s away; sending %d buffered"
                    + " messages (%d dropped so far)", settings.clientId(), settings.brokerUri(), outage / 1e9, buffered,
                    droppedSoFar));
        } else {
            LOG.info("mqtt sink " + settings.clientId() + ": connected to " + settings.brokerUri() + ", publishing to "
                    + settings.topic());
        }
        return true;
    }

    private void acknowledged(Message m) {
        lock.lock();
        try {
            // After a reconnect the same message may have been queued again (its acknowledgement arrived late).
            if (inflight.remove(m) || pending.remove(m)) {
                delivered++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void requeue(Message m) {
        lock.lock();
        try {
            if (inflight.remove(m)) {
                pending.addFirst(m);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection of {@code onEpoch} is gone: everything in flight goes back, in order, before what waits. */
    private void lost(int onEpoch, Throwable cause) {
        boolean log;
        lock.lock();
        try {
            if (!connected || onEpoch != epoch) {
                return; // already handled, or a late failure of an earlier connection
            }
            connected = false;
            losses++;
            lostAtNanos = System.nanoTime();
            while (!inflight.isEmpty()) {
                pending.addFirst(inflight.pollLast());
            }
            lastError = describe(cause);
            log = !halt;
            unreachableLogged = true; // this warning says it: no second one for the failed attempts that follow
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (log) {
            LOG.warning("mqtt sink " + settings.clientId() + ": lost broker " + settings.brokerUri() + " ("
                    + describe(cause) + "); buffering up to " + settings.bufferSize() + " messages, reconnecting");
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (client.isConnected()) {
            return; // a late report about a connection already replaced by a new one
        }
        int current;
        lock.lock();
        try {
            current = epoch;
        } finally {
            lock.unlock();
        }
        lost(current, cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // publishes only
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // counted by the publish listener
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "connection closed";
        }
        StringBuilder b = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !b.toString().contains(c.getMessage())) {
            b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }
}
