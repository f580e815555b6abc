package dev.weft.conformance.suite.cases;

import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.SuiteMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The native suite's cases: Autobahn's catalogue for sections 1–7, 9, 10, 12 and 13, rebuilt as
 * data and numbered as Autobahn numbers them, so results compare case by case. Section 8 does not
 * exist in Autobahn; 12 and 13 test permessage-deflate.
 */
public final class Catalogue {

    private Catalogue() {
    }

    /**
     * Returns every case, in Autobahn's order.
     *
     * @param mode decides the sizes of section 9
     * @return the cases
     */
    public static List<CaseSpec> all(SuiteMode mode) {
        List<CaseSpec> cases = new ArrayList<>();
        FramingCases.addTo(cases);
        PingPongCases.addTo(cases);
        ReservedBitsCases.addTo(cases);
        OpcodeCases.addTo(cases);
        FragmentationCases.addTo(cases);
        Utf8Cases.addTo(cases);
        CloseCases.addTo(cases);
        LimitsCases.addTo(cases, mode);
        MiscCases.addTo(cases);
        CompressionCases.addTo(cases, mode);
        return List.copyOf(cases);
    }
}
