package org.emotionlens.pipeline.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

import java.util.function.BooleanSupplier;

/**
 * The launcher's start gate (config {@code start.gate}): no frame is processed until a service matching the filter
 * is registered, which the launcher does once every stage and sink of the profile is there.
 */
final class StartGate {
    private final BundleContext context;
    private final String filter;
    private final BooleanSupplier stopping;

    StartGate(BundleContext context, String filter, BooleanSupplier stopping) {
        this.context = context;
        this.filter = filter;
        this.stopping = stopping;
    }

    /** Waits for the gate; false when the pipeline is stopped meanwhile. */
    boolean await() throws InterruptedException {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        while (!stopping.getAsBoolean()) {
            try {
                if (context.getServiceReferences((String) null, filter) != null) {
                    return true;
                }
            } catch (InvalidSyntaxException e) {
                throw new StageUnavailableException("start.gate '" + filter + "' is not a valid LDAP filter: "
                        + e.getMessage());
            } catch (IllegalStateException e) {
                return false; // the bundle is stopping
            }
            synchronized (this) {
                wait(10);
            }
        }
        return false;
    }

    /** Ends a wait early (the pipeline is stopping). */
    synchronized void wake() {
        notifyAll();
    }
}
