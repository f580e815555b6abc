package dev.weft.benchmarks.report;

import dev.weft.benchmarks.load.DeflateLoad;
import dev.weft.benchmarks.load.EchoLoadHarness;
import dev.weft.benchmarks.load.EchoPlan;
import dev.weft.benchmarks.load.IdlePlan;
import dev.weft.benchmarks.load.IdleScale;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A part of the report run after JMH: the echo load and the idle-connection scale. */
interface Stage {

    /** @return the stage's name, as {@code --only} takes it */
    String name();

    /**
     * Runs the stage.
     *
     * @param quick whether this is the quick run
     * @param pin whether to pin server and generator to different cores
     * @param progress progress lines
     * @return the stage's figures
     * @throws Exception when the stage fails
     */
    List<Measurement> run(boolean quick, boolean pin, Consumer<String> progress) throws Exception;

    /** @return the stages after JMH, in order */
    static List<Stage> all() {
        return List.of(new Echo(), new Idle(), new Deflate());
    }

    /**
     * The echo load: every server at every default point, interleaved in rounds. Quick: 4 s warm-up,
     * 2 s window, 2 rounds; full: 5 s, 10 s, 5 rounds. The warm-up is per point and matters: after
     * the single-connection point, Loom at 64 connections measured 5.9 µs of CPU per message with
     * 2 s of warm-up and 1.6 µs with 5 s, while its JIT caught up with the new load.
     */
    final class Echo implements Stage {

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public List<Measurement> run(boolean quick, boolean pin, Consumer<String> progress) {
            EchoPlan plan = EchoPlan.defaults().withPin(pin);
            plan = quick
                    ? plan.withTiming(Duration.ofSeconds(4), Duration.ofSeconds(2), 2)
                    : plan.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(10), 5);
            return EchoLoadHarness.run(plan, progress);
        }
    }

    /** The idle-connection scale: 10,000 connections to every server, once (quick) or three times (full). */
    final class Idle implements Stage {

        @Override
        public String name() {
            return "idle";
        }

        @Override
        public List<Measurement> run(boolean quick, boolean pin, Consumer<String> progress) {
            return IdleScale.run(IdlePlan.defaults().withRounds(quick ? 1 : 3), progress);
        }
    }

    /** permessage-deflate: the echo load compressed and idle compressed connections, see {@link DeflateLoad}. */
    final class Deflate implements Stage {

        @Override
        public String name() {
            return "deflate";
        }

        @Override
        public List<Measurement> run(boolean quick, boolean pin, Consumer<String> progress) {
            return DeflateLoad.run(quick, pin, progress);
        }
    }
}
