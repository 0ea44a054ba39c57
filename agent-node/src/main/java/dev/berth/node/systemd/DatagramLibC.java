package dev.berth.node.systemd;

import com.sun.jna.Library;

/** The few libc calls a Unix datagram needs (java.nio has Unix stream sockets only). Tests substitute it. */
public interface DatagramLibC
        extends Library
{
    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    /** Never wait for a full receive queue: a notification that cannot go now is reported, not waited for. */
    int MSG_DONTWAIT = 0x40;
    int MSG_NOSIGNAL = 0x4000;

    int socket(int domain, int type, int protocol);

    long sendto(int socket, byte[] buffer, long length, int flags, byte[] address, int addressLength);

    int close(int fd);
}
