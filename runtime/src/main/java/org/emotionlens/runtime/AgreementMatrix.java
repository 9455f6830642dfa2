package org.emotionlens.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Share of faces (same frame, same face index) to which two variants gave the same label, for every pair. */
final class AgreementMatrix {
    private AgreementMatrix() {
    }

    /** [i][j]: agreement of variant i with j over the faces both labelled; NaN when they share none. */
    static double[][] of(List<VariantFigures> variants) {
        int n = variants.size();
        double[][] agreement = new double[n][n];
        for (int i = 0; i < n; i++) {
            Map<String, String> a = byKey(variants.get(i).rows());
            for (int j = 0; j < n; j++) {
                Map<String, String> b = byKey(variants.get(j).rows());
                long both = 0;
                long equal = 0;
                for (Map.Entry<String, String> x : a.entrySet()) {
                    String y = b.get(x.getKey());
                    if (y != null) {
                        both++;
                        equal += y.equals(x.getValue()) ? 1 : 0;
                    }
                }
                agreement[i][j] = both == 0 ? Double.NaN : (double) equal / both;
            }
        }
        return agreement;
    }

    private static Map<String, String> byKey(List<PredictionsFile.Row> rows) {
        Map<String, String> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.frame() + "/" + r.face(), r.label()));
        return m;
    }
}
