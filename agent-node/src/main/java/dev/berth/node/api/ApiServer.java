package dev.berth.node.api;

import dev.berth.core.error.Configuration;
import dev.berth.core.error.Internal;
import dev.berth.node.config.AgentConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import dev.berth.node.config.ApiLimits;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The local API server: HTTP/1.1 on a Unix domain socket (mode 0660, owned by root and the configured group) and,
 * when configured, on loopback TCP behind a bearer token.
 */
public final class ApiServer
{
    private static final Logger log = LogManager.getLogger(ApiServer.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** Threads for requests that are not streams: enough for every CLI command a node's operators run at once. */
    private static final int SHORT_REQUEST_THREADS = 64;
    /** Jetty's own: acceptors and selectors of two connectors, and spares. */
    private static final int JETTY_THREADS = 8;

    private final AgentConfig config;
    private final ApiHandler handler;
    private final Inflight inflight;
    private Server server;

    public ApiServer(AgentConfig config, ApiHandler handler, Inflight inflight)
    {
        this.config = requireNonNull(config, "config is null");
        this.handler = requireNonNull(handler, "handler is null");
        this.inflight = requireNonNull(inflight, "inflight is null");
    }

    /**
     * Loads and initialises the server's classes (connectors, the HTTP parser's static tables) on a spare core while
     * the injector is built, so that starting the API later costs little. Best effort: failures surface in start().
     */
    public static void preload()
    {
        try {
            Server warm = new Server(new QueuedThreadPool(2, 1));
            HttpConfiguration http = new HttpConfiguration();
            new UnixDomainServerConnector(warm, 1, 1, new HttpConnectionFactory(http));
            for (String name : new String[] {"org.eclipse.jetty.http.HttpParser", "org.eclipse.jetty.http.HttpGenerator",
                    "org.eclipse.jetty.server.internal.HttpConnection", "org.eclipse.jetty.server.internal.HttpChannelState",
                    "org.eclipse.jetty.http.MimeTypes", "org.eclipse.jetty.io.ArrayByteBufferPool"}) {
                Class.forName(name, true, ApiServer.class.getClassLoader());
            }
        }
        catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            log.debug("API preload: {}", e.toString());
        }
    }

    public void start()
    {
        Path socket = config.socket();
        prepareSocketPath(socket);
        ApiLimits limits = config.api();
        FileDescriptorBudget budget = FileDescriptorBudget.current();
        int unixConnections = budget.cap(limits.maxConnections(), "agent.api.max-connections");
        int tcpConnections = budget.cap(limits.tcpMaxConnections(), "agent.tcp.max-connections");
        // streams hold their threads; the rest of the pool is for short requests, which streams can then never starve
        QueuedThreadPool threads = new QueuedThreadPool(inflight.maxStreams() + SHORT_REQUEST_THREADS + JETTY_THREADS, 2, 60_000);
        threads.setName("api");
        server = new Server(threads);
        server.setErrorHandler(new JsonErrorHandler());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        UnixDomainServerConnector unix = new UnixDomainServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        unix.setUnixDomainPath(socket);
        unix.setName("unix");
        // silent streams send heartbeats well within it; reads and writes a client leaves waiting end with it
        unix.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(unix);
        server.addBean(new ConnectionLimit(unixConnections, unix));
        if (config.tcpPort() != 0) {
            ServerConnector tcp = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            tcp.setHost("127.0.0.1");
            tcp.setPort(config.tcpPort());
            tcp.setName(ApiHandler.TCP_CONNECTOR);
            // until a request shows the token; ApiHandler lengthens it for an authenticated connection
            tcp.setIdleTimeout(limits.tcpAuthTimeout().toMillis());
            server.addConnector(tcp);
            server.addBean(new ConnectionLimit(tcpConnections, tcp));
        }
        server.setHandler(handler);
        server.setStopTimeout(config.shutdownTimeout().toMillis());
        try {
            server.start();
        }
        catch (Exception e) {
            throw new Internal("cannot serve the API on " + socket + ": " + e.getMessage(), e);
        }
        securePermissions(socket);
        log.info("API listening on {}{}; at most {} connections{}, {} streams; {}", socket,
                config.tcpPort() != 0 ? " and 127.0.0.1:" + config.tcpPort() + " (token required)" : "",
                unixConnections, config.tcpPort() != 0 ? " (" + tcpConnections + " on TCP)" : "", inflight.maxStreams(), budget);
    }

    /** Refuses a socket another agent is serving; removes a stale one left by a crash. */
    private static void prepareSocketPath(Path socket)
    {
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
        }
        catch (IOException e) {
            throw new Configuration("cannot create the socket's directory " + socket.getParent() + ": " + e.getMessage(), e);
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socket)) {
            // a mistyped --socket must not delete a config file or anything else that happens to be there
            throw new Configuration("--socket " + socket + " is an existing file that is not a socket; it is left alone: "
                    + "give a path where the agent may create its socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new Configuration("another process serves " + socket + "; use another --socket");
        }
        catch (IOException e) {
            try {
                Files.delete(socket);
                log.info("removed stale socket {}", socket);
            }
            catch (IOException deleteFailure) {
                throw new Configuration("cannot remove stale socket " + socket + ": " + deleteFailure.getMessage(), deleteFailure);
            }
        }
    }

    private static boolean isSocket(Path path)
    {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        }
        catch (IOException e) {
            throw new Configuration("cannot tell what " + path + " is: " + e.getMessage(), e);
        }
    }

    private void securePermissions(Path socket)
    {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            if (!config.socketGroup().isEmpty()) {
                GroupPrincipal group = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(config.socketGroup());
                Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
            }
        }
        catch (IOException e) {
            stop(Duration.ZERO);
            throw new Configuration("cannot set owner and mode 0660 on " + socket + " (group '" + config.socketGroup() + "'): " + e, e);
        }
    }

    /** Stops taking requests, lets running ones finish within {@code bound}, then closes the server. */
    public void stop(Duration bound)
    {
        int left = inflight.drain(bound);
        if (left > 0) {
            log.warn("{} API operations still running after {}; stopping anyway", left, bound);
        }
        if (server != null) {
            try {
                server.setStopTimeout(0);
                server.stop();
            }
            catch (Exception e) {
                log.warn("stopping the API server: {}", e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(config.socket());
        }
        catch (IOException e) {
            log.debug("socket removal: {}", e.getMessage());
        }
    }
}
