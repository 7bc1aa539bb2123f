"""Numpy peer of the Table 1 bands sweep (sweeps/table1-bands.ts with a replicate dimension).

What a numpy user would write for the same job: for each of R replicates, S Latin hypercube
samples of the power factor (±15 %, drawn separately per GPU) and of the B200 projection's
own power uncertainty (±20 %); for each GPU (H100, projected B200) and context window
(2K..128K) the metrics nMax, iter, tokS, power and tokPerW, plus the B200/H100 generation
gain of tokPerW; and per point and metric the bands mean, sd (n - 1), min, p5, p25, p50,
p75, p95, max (linear interpolation). One thread; draws, model and bands all timed.

usage: python3 table1_bands.py [REPLICATES=150] [SAMPLES=10000]
prints one JSON line: samples (points x samples), seconds, samples_per_s.
"""
import json
import sys
import time

import numpy as np

REPLICATES = int(sys.argv[1]) if len(sys.argv) > 1 else 150
SAMPLES = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
CTX = 2048.0 * 2.0 ** np.arange(7)
GPUS = {  # manual profile and logistic power curve
    "h100": dict(W=0.004, H=0.00032, Lcal=8192, blk=16, kv=65536, slots=256, p_idle=300.0, p_nom=600.0, k=1.0, x0=4.2),
    "b200": dict(W=0.00295491072, H=0.000134, Lcal=8192, blk=16, kv=171936, slots=671, p_idle=430.0, p_nom=860.0,
                 k=1.0, x0=4.462809635517756),
}
PERCENTILES = [0, 5, 25, 50, 75, 95, 100]  # 0 and 100 are min and max


def per_context(g):
    """Draw-independent metrics of one GPU at every context window, and its unscaled power."""
    n = np.minimum(np.floor(g["slots"] * g["Lcal"] / CTX), np.floor(g["kv"] / np.ceil(CTX / g["blk"])))
    it = g["W"] + g["H"] * (np.floor(CTX / 2) / g["Lcal"]) * n
    power = g["p_idle"] + (g["p_nom"] - g["p_idle"]) / (1 + np.exp(-g["k"] * (np.log2(n) - g["x0"])))
    return n, it, n / it, power


def plus_minus(rng, half_width, n):
    """Latin hypercube sample of U(1 - half_width, 1 + half_width): one draw per stratum, shuffled."""
    u = (rng.permutation(n) + rng.random(n)) / n
    return 1 - half_width + 2 * half_width * u


def bands(x):
    """x: (..., samples) -> (..., 9): mean, sd, min, p5, p25, p50, p75, p95, max."""
    q = np.moveaxis(np.percentile(x, PERCENTILES, axis=-1), 0, -1)
    return np.concatenate([x.mean(-1, keepdims=True), x.std(-1, ddof=1, keepdims=True), q], axis=-1)


def main():
    rng = np.random.default_rng(2024)
    fixed = {name: per_context(g) for name, g in GPUS.items()}
    start = time.perf_counter()
    results = []
    for _ in range(REPLICATES):
        factor = {name: plus_minus(rng, 0.15, SAMPLES) for name in GPUS}
        factor["b200"] = factor["b200"] * plus_minus(rng, 0.2, SAMPLES)
        metrics = np.empty((len(GPUS), 5, len(CTX), SAMPLES))  # gpu, metric, ctx, sample
        for gi, (name, (n, it, tok_s, p0)) in enumerate(fixed.items()):
            power = p0[:, None] * factor[name][None, :]
            metrics[gi, 0] = n[:, None]
            metrics[gi, 1] = it[:, None]
            metrics[gi, 2] = tok_s[:, None]
            metrics[gi, 3] = power
            metrics[gi, 4] = tok_s[:, None] / power
        gain = metrics[1, 4] / metrics[0, 4]
        results.append((bands(metrics), bands(gain)))
    seconds = time.perf_counter() - start
    samples = REPLICATES * len(GPUS) * len(CTX) * SAMPLES
    print(json.dumps({"samples": samples, "seconds": seconds, "samples_per_s": samples / seconds}))


main()
