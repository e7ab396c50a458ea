package io.hijackwatch.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.SmartLifecycle;

/**
 * Starts this replica's poller with the application and stops it, letting running polls finish their batch, before
 * the database goes away. Off when {@code hijackwatch.sources.enabled} is false, for replicas that only serve the
 * API.
 */
final class SourcePolling implements SmartLifecycle {

    private final SourceRuntime runtime;
    private volatile SourcePoller poller;

    SourcePolling(SourceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public synchronized void start() {
        if (runtime.properties.enabled() && poller == null) {
            poller = new SourcePoller(runtime, ownerId());
            poller.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.stop();
            poller = null;
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** This replica's name in leases: its host and a random part, unique even for two replicas on one host. */
    static String ownerId() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return hostName() + "-" + HexFormat.of().formatHex(random);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica";
        }
    }
}
