package dev.berth.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of etcd, to cut one node off the cluster while the others keep reaching it: a network
 * partition of a single node. {@link #cut()} drops every connection and refuses new ones; {@link #restore()} lets
 * them through again.
 */
public final class TestTcpProxy
        implements AutoCloseable
{
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    public TestTcpProxy(int targetPort)
    {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "test-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint()
    {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public void cut()
    {
        cut = true;
        sockets.forEach(TestTcpProxy::closeQuietly);
        sockets.clear();
    }

    public void restore()
    {
        cut = false;
    }

    @Override
    public void close()
    {
        cut();
        closeQuietly(server);
    }

    private void accept()
    {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            }
            catch (IOException e) {
                // closed, or etcd refused: the client sees the connection drop and retries
            }
        }
    }

    private void pipe(Socket from, Socket to)
    {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException e) {
                // connection dropped
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "test-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable)
    {
        try {
            closeable.close();
        }
        catch (IOException e) {
            // already closed
        }
    }
}
