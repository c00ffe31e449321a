/**
 * The statistics behind load regressions (src/baseline/load-stats.ts),
 * against values computed independently and with fixed seeds.
 */
import { describe, expect, it } from "vitest";
import {
  bootstrapP95Ratio,
  compareLatency,
  mannWhitneyGreater,
  normalCdf,
} from "../../src/baseline/load-stats.js";
import { mulberry32 } from "../../src/results/import/k6-sample.js";

describe("Mann–Whitney U, one-sided, normal approximation with tie and continuity correction", () => {
  it("matches the reference computed with Python's statistics module", () => {
    // Reference (U, z, p), the same formula as scipy's mannwhitneyu(x, y, alternative="greater",
    // method="asymptotic"), computed with:
    //   python3 - <<'EOF'
    //   import statistics as st; from collections import Counter
    //   x=[12.1,15.3,11.8,19.0,14.2,13.3,17.7,16.1,12.9,18.4,15.3,20.2]
    //   y=[10.2,11.5,12.1,9.8,13.0,10.9,11.1,12.6,10.4,11.9,12.1,9.9,11.0]
    //   n1,n2=len(x),len(y); pool=sorted(x+y)
    //   def rank(v): idx=[i+1 for i,p in enumerate(pool) if p==v]; return sum(idx)/len(idx)
    //   U=sum(rank(v) for v in x)-n1*(n1+1)/2; n=n1+n2
    //   T=sum(t**3-t for t in Counter(pool).values()); var=n1*n2/12*((n+1)-T/(n*(n-1)))
    //   z=(U-n1*n2/2-0.5)/var**0.5; print(U, z, 1-st.NormalDist().cdf(z))
    //   EOF
    // → 147.0 3.729496588696464 9.593135184371437e-05
    const x = [12.1, 15.3, 11.8, 19.0, 14.2, 13.3, 17.7, 16.1, 12.9, 18.4, 15.3, 20.2];
    const y = [10.2, 11.5, 12.1, 9.8, 13.0, 10.9, 11.1, 12.6, 10.4, 11.9, 12.1, 9.9, 11.0];
    const r = mannWhitneyGreater(x, y);
    expect(r.u).toBe(147);
    expect(r.z).toBeCloseTo(3.729496588696464, 9);
    expect(r.p).toBeCloseTo(9.593135184371437e-5, 7);
    // The other way round it is not shifted up at all.
    expect(mannWhitneyGreater(y, x).p).toBeGreaterThan(0.99);
  });

  it("uses Φ from the error function: published table values", () => {
    // Standard normal table: Φ(1.96) = 0.9750, Φ(1.645) = 0.9500, Φ(0) = 0.5.
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(1.645)).toBeCloseTo(0.95, 4);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7); // simple-statistics' erf is good to ~1e-8
  });
});

/** Seeded log-normal-ish latencies around `median` ms, with a slow drift (correlation in time). */
function latencies(seed: number, n: number, median: number): number[] {
  const random = mulberry32(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.max(random(), 1e-9);
    const drift = 1 + 0.1 * Math.sin(i / 40);
    out.push(
      median *
        drift *
        Math.exp(0.35 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())),
    );
  }
  return out;
}

const limits = { tolerance: 0.5, alpha: 0.01, minDeltaMs: 25, resamples: 1000, minSamples: 20 };
const sample = (v: number[]) => ({ t: v.map((_, i) => i * 10), v });

describe("bootstrap 95 % interval of the p95 ratio, by time blocks", () => {
  it("is reproducible for a seed and holds 1 for two runs of the same stack", () => {
    const a = latencies(1, 500, 40);
    const b = latencies(2, 500, 40);
    const first = bootstrapP95Ratio(a, b, { resamples: 1000, seed: 7 });
    expect(bootstrapP95Ratio(a, b, { resamples: 1000, seed: 7 })).toEqual(first);
    expect(first.low).toBeLessThan(1);
    expect(first.high).toBeGreaterThan(1);
  });

  it("lies well above 1 when every request got 100 ms slower", () => {
    const base = latencies(3, 500, 40);
    const slow = latencies(4, 500, 40).map((v) => v + 100);
    const ci = bootstrapP95Ratio(slow, base, { resamples: 1000, seed: 7 });
    expect(ci.low).toBeGreaterThan(1.8);
    expect(ci.high).toBeGreaterThan(ci.ratio);
  });
});

describe("a latency regression against the baseline's sample", () => {
  it("is one for +100 ms on every request, with its interval and p", () => {
    const c = compareLatency(
      "load › a2a › navi",
      sample(latencies(5, 500, 40).map((v) => v + 100)),
      sample(latencies(6, 500, 40)),
      limits,
    );
    expect(c?.regression).toBe(true);
    expect(c!.low).toBeGreaterThan(1.5);
    expect(c!.p).toBeLessThan(1e-6);
  });

  it("is not one for a clean rerun, nor for a large ratio of a few milliseconds", () => {
    expect(
      compareLatency("x", sample(latencies(7, 500, 40)), sample(latencies(8, 500, 40)), limits)
        ?.regression,
    ).toBe(false);
    // ×2 on a 7 ms endpoint: +7 ms is under the 25 ms floor.
    expect(
      compareLatency("y", sample(latencies(9, 500, 14)), sample(latencies(10, 500, 7)), limits)
        ?.regression,
    ).toBe(false);
  });

  it("claims nothing on too few points", () => {
    expect(
      compareLatency("z", sample([1, 2, 3]), sample(latencies(11, 500, 40)), limits),
    ).toBeUndefined();
  });
});
