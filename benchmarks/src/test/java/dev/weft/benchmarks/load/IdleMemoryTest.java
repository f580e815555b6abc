package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.benchmarks.load.IdleMemory.Sample;
import dev.weft.benchmarks.report.Measurement.Better;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The idle scale's memory figures: averages over N beside the second half's cost per connection. */
class IdleMemoryTest {

    private static Sample sample(long heap, long rss) {
        return new Sample(heap, OptionalLong.of(rss));
    }

    @Test
    void addedFiguresComeFromTheMiddleSampleAndTheSecondHalfAlone() {
        // A server that pays 40 MB of RSS and 2 MB of heap once, during the first half, and then
        // 1,000 B of heap and 3,000 B of RSS per connection.
        int n = 10_000;
        Sample before = sample(10_000_000, 100_000_000);
        Sample middle = sample(10_000_000 + 2_000_000 + 5_000 * 1_000L, 100_000_000 + 40_000_000 + 5_000 * 3_000L);
        Sample after = sample(middle.heap() + 5_000 * 1_000L, middle.rss().getAsLong() + 5_000 * 3_000L);

        List<Figure> figures = new IdleMemory(before, middle, after, n).figures();

        assertEquals(List.of(IdleMemory.HEAP_PER_CONNECTION, IdleMemory.RSS_PER_CONNECTION,
                IdleMemory.HEAP_PER_ADDED_CONNECTION, IdleMemory.RSS_PER_ADDED_CONNECTION),
                figures.stream().map(Figure::metric).toList());
        assertEquals(1_200.0, figures.get(0).value());
        assertEquals(7_000.0, figures.get(1).value());
        assertEquals(1_000.0, figures.get(2).value());
        assertEquals(3_000.0, figures.get(3).value());
        figures.forEach(f -> {
            assertEquals("B", f.unit());
            assertEquals(Better.LOWER, f.better());
        });
    }

    @Test
    void anOddCountDividesByTheLargerSecondHalf() {
        assertEquals(3, IdleMemory.firstHalf(7));
        List<Figure> figures = new IdleMemory(sample(0, 0), sample(300, 600), sample(700, 1_400), 7).figures();
        assertEquals(100.0, figures.get(0).value());
        assertEquals(100.0, figures.get(2).value());
        assertEquals(200.0, figures.get(3).value());
    }

    @Test
    void oneConnectionIsAllSecondHalf() {
        assertEquals(0, IdleMemory.firstHalf(1));
        List<Figure> figures = new IdleMemory(sample(100, 100), sample(100, 100), sample(600, 900), 1).figures();
        assertEquals(500.0, figures.get(2).value());
        assertEquals(800.0, figures.get(3).value());
    }

    @Test
    void withoutRssOnlyTheHeapFiguresAreGiven() {
        Sample none = new Sample(1_000, OptionalLong.empty());
        List<Figure> figures = new IdleMemory(none, new Sample(2_000, OptionalLong.empty()), new Sample(4_000, OptionalLong.empty()), 4)
                .figures();
        assertEquals(List.of(IdleMemory.HEAP_PER_CONNECTION, IdleMemory.HEAP_PER_ADDED_CONNECTION),
                figures.stream().map(Figure::metric).toList());
        assertEquals(750.0, figures.get(0).value());
        assertEquals(1_000.0, figures.get(1).value());
    }

    @Test
    void noConnectionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IdleMemory(sample(0, 0), sample(0, 0), sample(0, 0), 0));
    }
}
