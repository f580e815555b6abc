package dev.weft.transport.loom;

import dev.weft.codec.engine.Outbound;
import dev.weft.codec.engine.SendRefusedException;
import java.io.IOException;
import java.util.List;

/** What happens to output that will never be written, and to the files output carries. */
final class Outbounds {
    private Outbounds() {
    }

    /** Closes the file channels of a batch; the transport owns them once polled. */
    static void closeFiles(List<Outbound> batch) {
        for (int i = 0; i < batch.size(); i++) { // by index: no iterator per write
            Outbound out = batch.get(i);
            if (out.file() != null) {
                try {
                    out.file().channel().close();
                } catch (IOException ignored) {
                    // A file that fails to close has nothing more to give.
                }
            }
        }
    }

    /** Fails output that the connection died before writing, and closes its files. */
    static void fail(List<Outbound> batch, String why) {
        closeFiles(batch);
        for (Outbound out : batch) {
            out.fail(new SendRefusedException(SendRefusedException.Reason.CLOSED, why));
        }
    }
}
