package dev.weft.codec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptors' back-off, shared by both transports: the pause doubles up to its cap while
 * accepts fail, a run of failures is two log lines (its start and its end) on the transport's own
 * logger, and a log backend that throws never reaches the acceptor.
 */
class AcceptBackoffTest {

    private static final String NAME = "dev.weft.test.accept-backoff";

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
    private final Logger logger = Logger.getLogger(NAME);

    @BeforeEach
    void listen() {
        logger.setUseParentHandlers(false); // the lines are checked here, not printed
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
    }

    @Test
    void pauseDoublesUpToItsCapAndResetsOnSuccess() {
        AcceptBackoff backoff = new AcceptBackoff(new SafeLog(NAME));
        assertFalse(backoff.inBackoff());
        IOException emfile = new IOException("Too many open files");
        assertEquals(100, backoff.failed(emfile, "accept on :8080"));
        assertTrue(backoff.inBackoff());
        assertEquals(200, backoff.failed(emfile, "accept on :8080"));
        assertEquals(400, backoff.failed(emfile, "accept on :8080"));
        assertEquals(800, backoff.failed(emfile, "accept on :8080"));
        assertEquals(AcceptBackoff.LONGEST_PAUSE_MILLIS, backoff.failed(emfile, "accept on :8080"));
        assertEquals(AcceptBackoff.LONGEST_PAUSE_MILLIS, backoff.failed(emfile, "accept on :8080"));

        backoff.succeeded();
        assertFalse(backoff.inBackoff());
        assertEquals(AcceptBackoff.FIRST_PAUSE_MILLIS, backoff.failed(emfile, "accept on :8080"),
                "a new run of failures starts from the first pause");
    }

    @Test
    void aRunOfFailuresIsTwoLogLinesOnTheGivenLogger() {
        AcceptBackoff backoff = new AcceptBackoff(new SafeLog(NAME));
        for (int i = 0; i < 50; i++) {
            backoff.failed(new IOException("Too many open files"), "accept on :8080");
        }
        backoff.succeeded();
        backoff.succeeded(); // nothing to end: no line

        assertEquals(2, records.size(), records.toString());
        assertTrue(records.get(0).getMessage().contains("accept on :8080 failed (Too many open files)"),
                records.get(0).getMessage());
        assertTrue(records.get(1).getMessage().contains("after 50 failed attempt(s)"), records.get(1).getMessage());
        assertEquals(NAME, records.get(0).getLoggerName());
    }

    @Test
    void aThrowingBackendIsDropped() {
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                throw new OutOfMemoryError("the handler could not format");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        SafeLog log = new SafeLog(NAME);
        log.prepare();
        log.log(System.Logger.Level.WARNING, "lost");
        log.log(System.Logger.Level.WARNING, "lost", new IOException("x"));
        AcceptBackoff backoff = new AcceptBackoff(log);
        assertEquals(100, backoff.failed(new IOException(), "accept"));
        backoff.succeeded();
        for (Handler h : logger.getHandlers()) {
            if (h != capture) {
                logger.removeHandler(h);
            }
        }
    }
}
