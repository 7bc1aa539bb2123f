/* Native yardstick for the single-GPU kernel: the same per-point arithmetic as
 * evaluateSingleGpu (src/kernel/singleGpu.ts) for a manual profile with a logistic power
 * curve, written the way a C programmer would (plain loop over columns, libm exp/log2 on
 * every point, no memo), on one thread. The scenario is the TypeScript bench's: H100
 * profile, ctx 2K..128K by i mod 7, W and the power scale varied by residues of i.
 *
 * usage: kernel POINTS REPS   (the bench builds it with cc -O3 -march=native ... -lm)
 * prints one JSON line: best-of-REPS rates for writing tokPerW only and all five outputs,
 * and the sum of tokPerW so the caller can check that both sides computed the same thing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct profile { double H, Lcal, blk, kvBlocks, maxSlots, pIdle, pNom, k, x0; };

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Slot count, iteration latency, throughput and power of point i; returns tokens per watt. */
static inline double point(const struct profile *p, double c, double w, double scale,
                           double *nOut, double *iterOut, double *rateOut, double *powerOut) {
  double bySlots = floor(p->maxSlots * p->Lcal / (c > 1 ? c : 1));
  double byKv = floor(p->kvBlocks / ceil(c / p->blk));
  double n = bySlots < byKv ? bySlots : byKv;
  double tau = w + p->H * (floor(c * 0.5) / p->Lcal) * n;
  double power = (p->pIdle + (p->pNom - p->pIdle) / (1 + exp(-p->k * (log2(n) - p->x0)))) * scale;
  double rate = n > 0 ? n / tau : 0;
  *nOut = n; *iterOut = tau; *rateOut = rate; *powerOut = power;
  return rate / power;
}

int main(int argc, char **argv) {
  long points = argc > 1 ? atol(argv[1]) : 5000000;
  int reps = argc > 2 ? atoi(argv[2]) : 5;
  if (points < 1 || reps < 1) { fprintf(stderr, "usage: kernel POINTS REPS (both >= 1)\n"); return 2; }
  const struct profile h100 = { 0.00032, 8192, 16, 65536, 256, 300, 600, 1.0, 4.2 };
  double *ctx = malloc(points * sizeof *ctx), *W = malloc(points * sizeof *W),
         *scale = malloc(points * sizeof *scale), *cols[5];
  for (int m = 0; m < 5; m++) cols[m] = malloc(points * sizeof(double));
  for (long i = 0; i < points; i++) {
    long r = i % 1000;
    ctx[i] = (double)(2048L << (i % 7));
    W[i] = 0.004 * (0.8 + 0.4 * (double)((r * 761) % 1000) / 1000);
    scale[i] = 0.85 + 0.3 * (double)((r * 503) % 1000) / 1000;
    for (int m = 0; m < 5; m++) cols[m][i] = 0; /* touch the pages before any timing */
  }
  double bestOne = INFINITY, bestAll = INFINITY, unused;
  for (int rep = 0; rep < reps; rep++) {
    double t0 = seconds();
    for (long i = 0; i < points; i++) cols[4][i] = point(&h100, ctx[i], W[i], scale[i], &unused, &unused, &unused, &unused);
    double t1 = seconds();
    for (long i = 0; i < points; i++) cols[4][i] = point(&h100, ctx[i], W[i], scale[i], &cols[0][i], &cols[1][i], &cols[2][i], &cols[3][i]);
    double t2 = seconds();
    if (t1 - t0 < bestOne) bestOne = t1 - t0;
    if (t2 - t1 < bestAll) bestAll = t2 - t1;
  }
  double checksum = 0;
  for (long i = 0; i < points; i++) checksum += cols[4][i];
  /* read the other outputs so their stores count as work */
  volatile double keep = cols[0][points - 1] + cols[1][points - 1] + cols[2][points - 1] + cols[3][points - 1];
  (void)keep;
  printf("{\"points\":%ld,\"reps\":%d,\"points_per_s\":%.6e,\"all_outputs_points_per_s\":%.6e,\"checksum\":%.17g}\n",
         points, reps, points / bestOne, points / bestAll, checksum);
  return 0;
}
