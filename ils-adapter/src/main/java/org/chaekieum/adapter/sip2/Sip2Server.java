package org.chaekieum.adapter.sip2;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.adapter.config.GatewayConfig;
import org.jboss.logging.Logger;

/**
 * The SIP2 listeners: plain TCP, and TLS when configured (certificate and key from the Quarkus TLS registry). Each
 * connection reads CR-terminated messages and answers them one at a time, in order, on a worker pool (the calls to the
 * regional center block), so that the event loop only moves bytes. Everything is bounded: message length, read time
 * of one message, idle time, connections in all and per kiosk, messages waiting per connection, and the workers.
 */
@ApplicationScoped
public class Sip2Server {

    private static final Logger LOG = Logger.getLogger(Sip2Server.class);

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    Sip2Handler handler;

    @Inject
    KioskConnections connections;

    @Inject
    TlsConfigurationRegistry tlsRegistry;

    @Inject
    MeterRegistry metrics;

    private ThreadPoolExecutor workers;
    private NetServer plain;
    private NetServer secure;

    void start(@Observes @Priority(10) StartupEvent event) throws Exception {
        int size = config.limits().workers();
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size * 16),
                runnable -> {
                    Thread thread = new Thread(runnable, "sip2-worker-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        plain = listen(options(config.port()), "SIP2");
        if (config.tls().enabled()) {
            TlsConfiguration tls = tlsRegistry.get(config.tls().configuration()).orElseThrow(() ->
                    new IllegalStateException("chaekieum.sip2.tls.enabled=true but there is no TLS configuration '"
                            + config.tls().configuration() + "' (quarkus.tls." + config.tls().configuration()
                            + ".key-store.pem.0.cert/key)"));
            NetServerOptions options = options(config.tls().port()).setSsl(true)
                    .setKeyCertOptions(tls.getKeyStoreOptions());
            if (tls.getTrustStoreOptions() != null) {
                options.setTrustOptions(tls.getTrustStoreOptions());
            }
            secure = listen(options, "SIP2 over TLS");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        for (NetServer server : new NetServer[] {plain, secure}) {
            if (server != null) {
                try {
                    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warnf("SIP2 listener did not close cleanly: %s", e.toString());
                }
            }
        }
        if (workers != null) {
            workers.shutdown();
        }
    }

    /** The plain listener's port (the configured one, or the one chosen for port 0). */
    public int port() {
        return plain == null ? -1 : plain.actualPort();
    }

    public int tlsPort() {
        return secure == null ? -1 : secure.actualPort();
    }

    private NetServerOptions options(int port) {
        return new NetServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)
                .setIdleTimeout((int) Math.max(1, config.limits().idleTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    private NetServer listen(NetServerOptions options, String what) throws Exception {
        NetServer server = vertx.createNetServer(options).connectHandler(this::connected);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LOG.infof("%s listening on %s:%d", what, options.getHost(), server.actualPort());
        return server;
    }

    private void connected(NetSocket socket) {
        if (!connections.opened(config.limits().maxConnections())) {
            metrics.counter("chaekieum.sip2.connections.refused").increment();
            LOG.warnf("SIP2 connection from %s refused: %d connections open", socket.remoteAddress(),
                    config.limits().maxConnections());
            socket.close();
            return;
        }
        new Connection(socket, new Sip2Session(String.valueOf(socket.remoteAddress()))).start();
    }

    /** One kiosk connection: splits the byte stream into messages and answers them in order. */
    private final class Connection {
        private final NetSocket socket;
        private final Sip2Session session;
        private Buffer pending = Buffer.buffer();
        private boolean discarding;
        private long readTimer = -1;
        private final AtomicInteger waiting = new AtomicInteger();
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private volatile boolean closed;

        Connection(NetSocket socket, Sip2Session session) {
            this.socket = socket;
            this.session = session;
        }

        void start() {
            socket.handler(this::received);
            socket.exceptionHandler(e -> LOG.debugf("SIP2 connection %s: %s", session.remote(), e.toString()));
            socket.closeHandler(nothing -> {
                closed = true;
                cancelReadTimer();
                connections.closed(session);
            });
        }

        private void received(Buffer data) {
            int max = config.limits().maxMessageBytes();
            pending.appendBuffer(data);
            int from = 0;
            for (int i = 0; i < pending.length(); i++) {
                if (pending.getByte(i) == '\r') {
                    if (discarding) {
                        discarding = false;
                    } else if (i - from > 0) {
                        submit(pending.getBytes(from, i));
                    }
                    from = i + 1;
                }
            }
            pending = from == 0 ? pending : pending.getBuffer(from, pending.length());
            if (pending.length() > max) {
                // No end in sight: answer 96 once and drop everything up to the next CR.
                metrics.counter("chaekieum.sip2.frames.refused", "reason", "TOO_LONG").increment();
                if (!discarding) {
                    write(Sip2Handler.requestResend(session));
                }
                discarding = true;
                pending = Buffer.buffer();
            }
            if (pending.length() > 0 || discarding) {
                startReadTimer();
            } else {
                cancelReadTimer();
            }
        }

        private void submit(byte[] frame) {
            if (isOnlyLineFeeds(frame)) {
                return;
            }
            if (waiting.incrementAndGet() > config.limits().maxPendingPerConnection()) {
                metrics.counter("chaekieum.sip2.connections.closed", "reason", "flooding").increment();
                LOG.warnf("SIP2 connection %s closed: more than %d messages waiting for their answer",
                        session.remote(), config.limits().maxPendingPerConnection());
                socket.close();
                return;
            }
            try {
                tail = tail.thenRunAsync(() -> answer(frame), workers);
            } catch (RejectedExecutionException e) {
                waiting.decrementAndGet();
                metrics.counter("chaekieum.sip2.busy").increment();
                write(Sip2Handler.requestResend(session));
            }
        }

        private void answer(byte[] frame) {
            try {
                if (closed) {
                    return;
                }
                Sip2Handler.Outcome outcome = handler.handle(session, frame);
                write(outcome.answer());
                if (outcome.close()) {
                    LOG.warnf("SIP2 connection %s closed after repeated failed logins", session.remote());
                    socket.end();
                }
            } finally {
                waiting.decrementAndGet();
            }
        }

        private void write(byte[] bytes) {
            if (!closed) {
                socket.write(Buffer.buffer(bytes));
            }
        }

        private void startReadTimer() {
            if (readTimer < 0) {
                readTimer = vertx.setTimer(config.limits().readTimeout().toMillis(), id -> {
                    readTimer = -1;
                    metrics.counter("chaekieum.sip2.connections.closed", "reason", "read-timeout").increment();
                    LOG.infof("SIP2 connection %s closed: a message was begun but not ended within %s",
                            session.remote(), config.limits().readTimeout());
                    socket.close();
                });
            }
        }

        private void cancelReadTimer() {
            if (readTimer >= 0) {
                vertx.cancelTimer(readTimer);
                readTimer = -1;
            }
        }
    }

    private static boolean isOnlyLineFeeds(byte[] frame) {
        for (byte b : frame) {
            if (b != '\n' && b != ' ') {
                return false;
            }
        }
        return true;
    }
}
