package dev.weft.benchmarks.report;

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
        return List.of();
    }
}
