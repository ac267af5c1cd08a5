package bitnet.precision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import bitnet.api.precision.AccuracyReport;
import bitnet.api.precision.CandidateScore;
import bitnet.api.precision.Objectives;
import bitnet.api.precision.Optimization;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionPlan;

/**
 * Scores candidate plans: each objective is divided by the best (smallest) value among the candidates, so the
 * best candidate on an objective scores 1 on it, and the score is the weighted sum; lowest wins, ties go to the
 * earlier candidate. An objective whose best value is 0 counts 1 for candidates at 0 and
 * {@code 1 + value / (smallest positive value)} for the others (an error of 0 cannot be a divisor).
 */
final class Optimizer {
    private Optimizer() {
    }

    static Optimization choose(List<AccuracyReport> candidates, Objectives w) {
        if (candidates.isEmpty()) {
            throw new PrecisionException("optimisation needs at least one candidate policy");
        }
        double[] mem = new double[candidates.size()];
        double[] speed = new double[mem.length];
        double[] err = new double[mem.length];
        for (int i = 0; i < mem.length; i++) {
            PrecisionPlan p = candidates.get(i).plan();
            mem[i] = p.totalBytes();
            speed[i] = p.bytesMoved();
            err[i] = candidates.get(i).meanRelativeRmse();
        }
        double[] m = normalised(mem);
        double[] s = normalised(speed);
        double[] e = normalised(err);
        List<CandidateScore> scores = new ArrayList<>();
        for (int i = 0; i < mem.length; i++) {
            PrecisionPlan p = candidates.get(i).plan();
            double score = w.memory() * m[i] + w.speed() * s[i] + w.accuracy() * e[i];
            scores.add(new CandidateScore(p.policy(), p.totalBytes(), p.bytesMoved(), err[i], score));
        }
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i).score() < scores.get(best).score()) {
                best = i;
            }
        }
        List<CandidateScore> sorted = new ArrayList<>(scores);
        sorted.sort(Comparator.comparingDouble(CandidateScore::score));
        return new Optimization(w, candidates.get(best).plan(), sorted);
    }

    static double[] normalised(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double minPositive = Double.POSITIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            if (x > 0) {
                minPositive = Math.min(minPositive, x);
            }
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (min > 0) {
                out[i] = v[i] / min;
            } else {
                out[i] = v[i] == 0 ? 1 : 1 + v[i] / minPositive;
            }
        }
        return out;
    }
}
