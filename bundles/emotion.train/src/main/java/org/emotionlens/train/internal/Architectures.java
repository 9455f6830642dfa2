package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.List;

/** The model ids the commands and benches know. */
public final class Architectures {
    public static final List<String> IDS = List.of("lstm-paper", "dense", "ours");
    /** Members of the "ours" ensemble. */
    public static final int OURS_MEMBERS = 5;

    private Architectures() { }

    /** The paper's final model: LSTM(52) -> LSTM(16) -> LSTM(48) -> LSTM(44, last) -> Dense(3), selu cells. */
    public static Network lstmPaper(int features) {
        List<Layer> l = new ArrayList<>();
        l.add(new LstmLayer(1, 52, true, Activation.SELU));
        l.add(new LstmLayer(52, 16, true, Activation.SELU));
        l.add(new LstmLayer(16, 48, true, Activation.SELU));
        l.add(new LstmLayer(48, 44, false, Activation.SELU));
        l.add(new DenseLayer(44, 3, Activation.LINEAR));
        return new Network(true, features, l);
    }

    /**
     * The paper's dense baseline (section 4.2). The paper gives no sizes, so this is a plain two-hidden-layer
     * fully connected net on the raw scores, as large as the LSTM model is in spirit (small).
     */
    public static Network dense(int features) {
        List<Layer> l = new ArrayList<>();
        l.add(new DenseLayer(features, 64, Activation.RELU));
        l.add(new DenseLayer(64, 32, Activation.RELU));
        l.add(new DenseLayer(32, 3, Activation.LINEAR));
        return new Network(false, features, l);
    }

    /** One member of "ours": standardised scores -> Dense(64, selu) -> Dense(32, selu) -> Dense(3). */
    public static Network oursMember(double[][] trainRows) {
        int features = trainRows[0].length;
        List<Layer> l = new ArrayList<>();
        l.add(StandardizeLayer.fit(trainRows));
        l.add(new DenseLayer(features, 64, Activation.SELU));
        l.add(new DenseLayer(64, 32, Activation.SELU));
        l.add(new DenseLayer(32, 3, Activation.LINEAR));
        return new Network(false, features, l);
    }

    /** Builds and initialises the model; members of an ensemble get seeds derived from the one given. */
    public static Classifier build(String id, double[][] trainRows, long seed) {
        int features = trainRows[0].length;
        switch (id) {
            case "lstm-paper": { Network n = lstmPaper(features); n.init(seed); return n; }
            case "dense": { Network n = dense(features); n.init(seed); return n; }
            case "ours": {
                List<Network> members = new ArrayList<>();
                for (int k = 0; k < OURS_MEMBERS; k++) {
                    Network n = oursMember(trainRows);
                    n.init(seed * 1000 + k);
                    members.add(n);
                }
                return new Ensemble(members);
            }
            default: throw new IllegalArgumentException("unknown model '" + id + "': use one of " + IDS);
        }
    }
}
