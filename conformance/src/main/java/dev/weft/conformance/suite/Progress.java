package dev.weft.conformance.suite;

import java.util.function.Consumer;

/** Progress lines for long runs: one every 10% of the cases or every 5 seconds, whichever first. */
final class Progress {
    private final int total;
    private final Consumer<String> out;
    private final long start = System.nanoTime();
    private int done;
    private int failed;
    private long lastNanos = System.nanoTime();
    private int lastStep;

    Progress(int total, Consumer<String> out) {
        this.total = total;
        this.out = out;
    }

    synchronized void done(CaseResult r) {
        done++;
        if (r.verdict() == Verdict.FAILED) {
            failed++;
        }
        int step = total == 0 ? 10 : done * 10 / total;
        long now = System.nanoTime();
        if (step != lastStep || now - lastNanos > 5_000_000_000L || done == total) {
            lastStep = step;
            lastNanos = now;
            out.accept(String.format("  %d/%d cases (last %s), %d failed, %.1f s", done, total, r.id(), failed,
                    (now - start) / 1e9));
        }
    }
}
