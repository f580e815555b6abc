package dev.weft.codec.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A client and a server connection wired to each other in memory, with no socket: the pair a
 * scripted conversation runs over. Bytes move in small chunks, so every handshake and frame is
 * split on the way.
 */
final class ConnectionPair {
    final ClientConnection client;
    final ServerConnection server;
    final List<ProtocolEvent> clientEvents = new ArrayList<>();
    final List<ProtocolEvent> serverEvents = new ArrayList<>();
    boolean clientTcpClosed;
    boolean serverTcpClosed;
    private final int chunk;

    ConnectionPair(ClientConnection client, ServerConnection server, int chunk) {
        this.client = client;
        this.server = server;
        this.chunk = chunk;
    }

    /** Moves bytes both ways, and TCP closes as the engines ask, until nothing moves. */
    void run() {
        boolean moved = true;
        while (moved) {
            moved = move(client, server, false) | move(server, client, true);
            drain(client, clientEvents);
            drain(server, serverEvents);
            if (!serverTcpClosed && server.shouldCloseTransport() && !server.hasOutput()) {
                serverTcpClosed = true;
                client.receiveEof();
                moved = true;
            }
            if (!clientTcpClosed && client.shouldCloseTransport() && !client.hasOutput()) {
                clientTcpClosed = true;
                server.receiveEof();
                moved = true;
            }
        }
    }

    private boolean move(Connection from, Connection to, boolean fromServer) {
        boolean moved = false;
        Outbound out;
        while ((out = from.pollOutput()) != null) {
            for (ByteBuffer b : out.buffers()) {
                ByteBuffer data = b.duplicate();
                while (data.hasRemaining()) {
                    int n = Math.min(chunk, data.remaining());
                    byte[] piece = new byte[n];
                    data.get(piece);
                    if (!(fromServer ? clientTcpClosed : serverTcpClosed)) {
                        to.receive(ByteBuffer.wrap(piece));
                    }
                }
            }
            out.complete();
            moved = true;
        }
        return moved;
    }

    private static void drain(Connection c, List<ProtocolEvent> into) {
        ProtocolEvent e;
        while ((e = c.nextEvent()) != null) {
            into.add(e);
        }
    }
}
