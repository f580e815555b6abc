package dev.weft.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Medians over rounds: what the report shows, so that one disturbed round does not move it. */
final class Medians {

    private Medians() {
    }

    /**
     * Returns the median.
     *
     * @param values at least one value
     * @return the middle value, or the mean of the middle two
     */
    static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * Returns, metric by metric, the median over rounds.
     *
     * @param rounds each round's figures, the same metrics in the same order
     * @return the figures with median values, in that order
     */
    static List<Figure> of(List<List<Figure>> rounds) {
        List<Figure> first = rounds.get(0);
        List<Figure> medians = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            int metric = i;
            medians.add(first.get(i).withValue(of(rounds.stream().mapToDouble(r -> r.get(metric).value()).toArray())));
        }
        return medians;
    }
}
