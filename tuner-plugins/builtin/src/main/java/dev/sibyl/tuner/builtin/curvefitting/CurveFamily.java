package dev.sibyl.tuner.builtin.curvefitting;

import java.util.List;

/**
 * The parametric learning-curve families of Domhan, Springenberg and Hutter 2015 ("Speeding up Automatic
 * Hyperparameter Optimization of Deep Neural Networks by Extrapolation of Learning Curves", table 1), the
 * ones NNI's Curvefitting assessor uses too. {@code x} is the epoch, counted from 1.
 *
 * <p>Each family also proposes starting points for least squares from the observed curve: the asymptote a
 * little, moderately or far above the last value, approached at a rate set by the curve's length.
 */
enum CurveFamily {
    /** Vapor pressure: {@code exp(a + b / x + c ln x)}. */
    VAPOR_PRESSURE(3) {
        @Override
        double value(double x, double[] p) {
            return Math.exp(p[0] + p[1] / x + p[2] * Math.log(x));
        }

        @Override
        double[] start(Shape s, double headroom) {
            double top = Math.max(s.last() + headroom, 1e-6);
            return new double[] {Math.log(top), -1.0, 0.0};
        }
    },
    /** pow3: {@code c - a x^-alpha}. */
    POW3(3) {
        @Override
        double value(double x, double[] p) {
            return p[0] - p[1] * Math.pow(x, -p[2]);
        }

        @Override
        double[] start(Shape s, double headroom) {
            double c = s.last() + headroom;
            return new double[] {c, c - s.first(), 0.5};
        }
    },
    /** Log-log linear: {@code ln(a ln x + b)}. */
    LOG_LOG_LINEAR(2) {
        @Override
        double value(double x, double[] p) {
            return Math.log(p[0] * Math.log(x) + p[1]);
        }

        @Override
        double[] start(Shape s, double headroom) {
            double b = Math.exp(s.first());
            return new double[] {(Math.exp(s.last()) - b) / Math.log(Math.max(2, s.length())), b};
        }
    },
    /** Hill's three-parameter model with zero background: {@code theta x^eta / (kappa^eta + x^eta)}. */
    HILL3(3) {
        @Override
        double value(double x, double[] p) {
            double xe = Math.pow(x, p[1]);
            return p[0] * xe / (Math.pow(p[2], p[1]) + xe);
        }

        @Override
        double[] start(Shape s, double headroom) {
            return new double[] {s.last() + headroom, 1.0, s.length() / 2.0};
        }
    },
    /** Logistic power: {@code a / (1 + (x / e^b)^c)}. */
    LOG_POWER(3) {
        @Override
        double value(double x, double[] p) {
            return p[0] / (1 + Math.pow(x / Math.exp(p[1]), p[2]));
        }

        @Override
        double[] start(Shape s, double headroom) {
            return new double[] {s.last() + headroom, Math.log(s.length()), -1.0};
        }
    },
    /** pow4: {@code c - (a x + b)^-alpha}. */
    POW4(4) {
        @Override
        double value(double x, double[] p) {
            return p[0] - Math.pow(p[1] * x + p[2], -p[3]);
        }

        @Override
        double[] start(Shape s, double headroom) {
            double c = s.last() + headroom;
            double gap = Math.max(c - s.first(), 1e-6);
            double scale = 1.0 / (gap * gap);
            return new double[] {c, scale / 2, scale / 2, 0.5};
        }
    },
    /** Morgan-Mercer-Flodin: {@code alpha - (alpha - beta) / (1 + (kappa x)^delta)}. */
    MMF(4) {
        @Override
        double value(double x, double[] p) {
            return p[0] - (p[0] - p[1]) / (1 + Math.pow(p[2] * x, p[3]));
        }

        @Override
        double[] start(Shape s, double headroom) {
            return new double[] {s.last() + headroom, s.first() - 0.1 * s.rise(), 1.0 / s.length(), 1.0};
        }
    },
    /** exp4: {@code c - exp(-a x^alpha + b)}. */
    EXP4(4) {
        @Override
        double value(double x, double[] p) {
            return p[0] - Math.exp(-p[1] * Math.pow(x, p[3]) + p[2]);
        }

        @Override
        double[] start(Shape s, double headroom) {
            double c = s.last() + headroom;
            double a = 1.0 / s.length();
            return new double[] {c, a, Math.log(Math.max(c - s.first(), 1e-6)) + a, 1.0};
        }
    },
    /** Janoschek: {@code alpha - (alpha - beta) exp(-kappa x^delta)}. */
    JANOSCHEK(4) {
        @Override
        double value(double x, double[] p) {
            return p[0] - (p[0] - p[1]) * Math.exp(-p[2] * Math.pow(x, p[3]));
        }

        @Override
        double[] start(Shape s, double headroom) {
            return new double[] {s.last() + headroom, s.first() - 0.1 * s.rise(), 1.0 / s.length(), 1.0};
        }
    },
    /** Weibull: {@code alpha - (alpha - beta) exp(-(kappa x)^delta)}. */
    WEIBULL(4) {
        @Override
        double value(double x, double[] p) {
            return p[0] - (p[0] - p[1]) * Math.exp(-Math.pow(p[2] * x, p[3]));
        }

        @Override
        double[] start(Shape s, double headroom) {
            return new double[] {s.last() + headroom, s.first() - 0.1 * s.rise(), 0.5 / s.length(), 1.0};
        }
    },
    /**
     * ilog2: {@code c - a / ln(x + 1)}. Domhan writes {@code ln x}, which is infinite at the first epoch;
     * shifting by one keeps the family's shape and makes it defined from epoch 1.
     */
    ILOG2(2) {
        @Override
        double value(double x, double[] p) {
            return p[0] - p[1] / Math.log(x + 1);
        }

        @Override
        double[] start(Shape s, double headroom) {
            double c = s.last() + headroom;
            return new double[] {c, (c - s.first()) * Math.log(2)};
        }
    };

    private final int parameters;

    CurveFamily(int parameters) {
        this.parameters = parameters;
    }

    int parameters() {
        return parameters;
    }

    abstract double value(double x, double[] p);

    /** A starting point for least squares with the asymptote about {@code headroom} above the last value. */
    abstract double[] start(Shape shape, double headroom);

    /** Starting points: the asymptote slightly, moderately and far above the last observed value. */
    List<double[]> starts(Shape shape) {
        double rise = Math.max(shape.rise(), 1e-3 * Math.max(1.0, Math.abs(shape.last())));
        return List.of(start(shape, 0.1 * rise), start(shape, rise), start(shape, 4 * rise));
    }

    /** What the starting points are derived from. */
    record Shape(double first, double last, int length) {
        /** How much the curve rose from its first to its last value (0 when it fell). */
        double rise() {
            return Math.max(0.0, last - first);
        }
    }
}
