package org.chaekieum.adapter.kolas;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.adapter.config.KolasConfig;
import org.jboss.logging.Logger;

/**
 * The KOLAS III listeners. One request per TCP session, as the client does it: a port-assignment frame ({@code S0001})
 * is answered with this listener's address and the session ends; any other frame is acknowledged (ACK) as soon as it
 * is read, answered on a worker (the calls to the regional center block), and the session ends at the client's ACK of
 * the answer or after {@code ack-timeout}. An envelope or frame that cannot be read gets NAK and the session ends;
 * nothing reaches the region. Bounded: connections, payload size, read time, workers. A connection from an address
 * outside the listener's allow-list is closed before any byte is read.
 */
@ApplicationScoped
public class KolasServer {

    private static final Logger LOG = Logger.getLogger(KolasServer.class);
    static final String PORT_ASSIGNMENT = "S0001";

    @Inject
    Vertx vertx;

    @Inject
    KolasConfig config;

    @Inject
    KolasDesk desk;

    @Inject
    MeterRegistry metrics;

    private final Map<String, NetServer> servers = new LinkedHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private ThreadPoolExecutor workers;

    void start(@Observes @Priority(11) StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        int size = config.limits().workers();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size * 16),
                runnable -> {
                    Thread thread = new Thread(runnable, "kolas-worker-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        metrics.gauge("chaekieum.kolas.connections.open", open);
        for (Map.Entry<String, KolasConfig.Listener> entry : config.listeners().entrySet()) {
            Listener listener = new Listener(entry.getKey(), entry.getValue());
            NetServerOptions options = new NetServerOptions().setHost(entry.getValue().host())
                    .setPort(entry.getValue().port()).setTcpNoDelay(true)
                    .setIdleTimeout((int) Math.max(1, config.limits().readTimeout().toSeconds() * 4))
                    .setIdleTimeoutUnit(TimeUnit.SECONDS);
            NetServer server = vertx.createNetServer(options).connectHandler(listener::connected);
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            listener.port = server.actualPort();
            servers.put(entry.getKey(), server);
            LOG.infof("KOLAS bridge '%s' listening on %s:%d for libraries %s, clients %s", entry.getKey(),
                    entry.getValue().host(), server.actualPort(), entry.getValue().libraries(),
                    entry.getValue().allowedClients());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        for (NetServer server : servers.values()) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("KOLAS listener did not close cleanly: %s", e.toString());
            }
        }
        if (workers != null) {
            workers.shutdown();
        }
    }

    /** The port a listener listens on (the configured one, or the one chosen for port 0), or -1. */
    public int port(String listener) {
        NetServer server = servers.get(listener);
        return server == null ? -1 : server.actualPort();
    }

    /** A configured listener: its libraries and its allow-list. */
    public final class Listener {
        final String name;
        final KolasConfig.Listener settings;
        final List<IpSubnetFilterRule> allowed = new ArrayList<>();
        volatile int port;

        Listener(String name, KolasConfig.Listener settings) {
            this.name = name;
            this.settings = settings;
            for (String cidr : settings.allowedClients()) {
                allowed.add(rule(cidr.strip()));
            }
        }

        public String name() {
            return name;
        }

        public List<String> libraries() {
            return settings.libraries();
        }

        boolean allows(SocketAddress remote) {
            if (remote == null || remote.host() == null) {
                return false;
            }
            InetSocketAddress address = new InetSocketAddress(remote.hostAddress(), remote.port());
            if (address.isUnresolved()) {
                return false;
            }
            return allowed.stream().anyMatch(rule -> rule.matches(address));
        }

        void connected(NetSocket socket) {
            if (!allows(socket.remoteAddress())) {
                metrics.counter("chaekieum.kolas.connections.refused", "listener", name, "reason", "not-allowed")
                        .increment();
                LOG.warnf("KOLAS bridge '%s': connection from %s refused: not in the allow-list %s", name,
                        socket.remoteAddress(), settings.allowedClients());
                socket.close();
                return;
            }
            if (open.incrementAndGet() > config.limits().maxConnections()) {
                open.decrementAndGet();
                metrics.counter("chaekieum.kolas.connections.refused", "listener", name, "reason", "too-many")
                        .increment();
                LOG.warnf("KOLAS bridge '%s': connection from %s refused: %d connections open", name,
                        socket.remoteAddress(), config.limits().maxConnections());
                socket.close();
                return;
            }
            new Session(this, socket).start();
        }
    }

    static IpSubnetFilterRule rule(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        int prefix = slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(cidr.substring(slash + 1));
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }

    /** One TCP session: one request, one answer. */
    private final class Session {
        private final Listener listener;
        private final NetSocket socket;
        private final KolasEnvelope.Reader reader = new KolasEnvelope.Reader(config.limits().maxFrameBytes());
        private boolean requestRead;
        private boolean answered;
        private long timer = -1;
        private volatile boolean closed;

        Session(Listener listener, NetSocket socket) {
            this.listener = listener;
            this.socket = socket;
        }

        void start() {
            socket.handler(this::received);
            socket.exceptionHandler(e -> LOG.debugf("KOLAS session %s: %s", socket.remoteAddress(), e.toString()));
            socket.endHandler(nothing -> {
                if (!requestRead) {
                    // The peer gave up (or closed) before a whole request came: nothing to answer.
                    if (reader.begun()) {
                        metrics.counter("chaekieum.kolas.frames.refused", "listener", listener.name, "reason",
                                "TRUNCATED").increment();
                    }
                    socket.close();
                }
            });
            socket.closeHandler(nothing -> {
                closed = true;
                cancelTimer();
                open.decrementAndGet();
            });
            arm(config.limits().readTimeout().toMillis(), "read-timeout");
        }

        private void received(Buffer data) {
            if (requestRead) {
                // After the request: the trailing ETX, and the client's ACK of our answer, which ends the session.
                if (answered && indexOf(data, KolasEnvelope.ACK_BYTE) >= 0) {
                    socket.close();
                }
                return;
            }
            Optional<byte[]> payload;
            try {
                payload = reader.feed(data.getBytes());
            } catch (KolasEnvelope.FaultException e) {
                refuse(e.fault().name(), e.getMessage());
                return;
            }
            if (payload.isEmpty()) {
                return;
            }
            requestRead = true;
            cancelTimer();
            KolasFrame frame;
            try {
                frame = KolasFrame.parse(payload.get());
            } catch (KolasFrame.Unreadable e) {
                refuse("UNREADABLE_FRAME", e.getMessage());
                return;
            }
            if (PORT_ASSIGNMENT.equals(frame.command())) {
                metrics.counter("chaekieum.kolas.port-assignments", "listener", listener.name).increment();
                String host = listener.settings.advertisedHost().orElse(socket.localAddress().hostAddress());
                socket.write(Buffer.buffer(KolasEnvelope.wrap(KolasReplies.portAssignment(host, listener.port)
                        .toBytes())));
                socket.end();
                return;
            }
            socket.write(Buffer.buffer(KolasEnvelope.ack()));
            String client = socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
            try {
                workers.execute(() -> answer(frame, client));
            } catch (RejectedExecutionException e) {
                metrics.counter("chaekieum.kolas.busy").increment();
                write(KolasReplies.error(frame, "MW", 1, "bridge busy").toBytes());
            }
        }

        private void answer(KolasFrame frame, String client) {
            if (closed) {
                return;
            }
            KolasFrame reply;
            try {
                reply = desk.answer(listener, frame, client);
            } catch (RuntimeException e) {
                LOG.errorf(e, "KOLAS %s from %s failed", frame.command(), client);
                reply = KolasReplies.error(frame, "ET", 1, e.getClass().getSimpleName());
            }
            write(reply.toBytes());
        }

        private void write(byte[] frame) {
            vertx.runOnContext(nothing -> {
                if (closed) {
                    return;
                }
                socket.write(Buffer.buffer(KolasEnvelope.wrap(frame)));
                answered = true;
                arm(config.limits().ackTimeout().toMillis(), "no-ack");
            });
        }

        private void refuse(String reason, String detail) {
            metrics.counter("chaekieum.kolas.frames.refused", "listener", listener.name, "reason", reason).increment();
            LOG.infof("KOLAS bridge '%s': frame from %s refused (%s): %s", listener.name, socket.remoteAddress(),
                    reason, detail);
            requestRead = true;
            cancelTimer();
            socket.write(Buffer.buffer(KolasEnvelope.nak()));
            socket.end();
        }

        private void arm(long millis, String reason) {
            cancelTimer();
            timer = vertx.setTimer(millis, id -> {
                timer = -1;
                if (!closed) {
                    if (!"no-ack".equals(reason)) {
                        metrics.counter("chaekieum.kolas.connections.closed", "reason", reason).increment();
                    }
                    socket.close();
                }
            });
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private static int indexOf(Buffer data, byte b) {
        for (int i = 0; i < data.length(); i++) {
            if (data.getByte(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
