package dev.weft.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler that throws is an application bug a user must see even if they never override
 * {@code onError}: it is logged once, at WARNING, through {@code System.Logger} (here its default
 * JUL backend), with the peer and the path, and the connection closes with 1011 (RFC 6455 §7.4.1).
 */
class HandlerFailureLogTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger("dev.weft.handler");

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        logger.setLevel(null);
    }

    private static class OnPath extends HandlerDispatchTest.RecordingSession {
        @Override
        public String path() {
            return "/chat";
        }
    }

    @Test
    void aThrowingHandlerIsAWarningWithPeerAndPath() {
        IllegalStateException bug = new IllegalStateException("application bug");
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                throw bug;
            }
        };
        OnPath session = new OnPath();
        HandlerDispatch.dispatch(new ProtocolEvent.TextReceived("boom"), handler, session);
        assertEquals(1, records.size());
        LogRecord record = records.get(0);
        assertEquals(Level.WARNING, record.getLevel());
        assertTrue(record.getMessage().contains("localhost:1 /chat"), record.getMessage());
        assertTrue(record.getMessage().contains("TextReceived"), record.getMessage());
        assertSame(bug, record.getThrown());
        assertEquals(List.of("close 1011 internal error"), session.calls);
    }

    @Test
    void nothingIsBuiltWhenWarningsAreOff() {
        logger.setLevel(Level.OFF);
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                throw new IllegalStateException("quiet");
            }
        };
        OnPath session = new OnPath() {
            @Override
            public String path() {
                throw new AssertionError("the message was built although WARNING is off");
            }
        };
        HandlerDispatch.dispatch(new ProtocolEvent.TextReceived("boom"), handler, session);
        assertEquals(List.of(), records);
        assertEquals(List.of("close 1011 internal error"), session.calls);
    }
}
