import { unsafeUniformIntDistribution, xoroshiro128plus, RandomGenerator } from 'pure-rand';

/** A seeded random source (pure-rand's xoroshiro128+): the same seed gives the same replay. */
export class SeededRandom {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return unsafeUniformIntDistribution(0, 2 ** 30 - 1, this.rng) / 2 ** 30;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [k, w] of entries) {
      if ((x -= w) < 0) return k;
    }
    return entries[entries.length - 1][0];
  }

  /** Poisson-distributed count with mean `lambda` (Knuth; fine for the small means used here). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Gamma(shape k = 2) with the given mean: a right-skewed length of stay. */
  gamma2(mean: number): number {
    const theta = mean / 2;
    return -theta * (Math.log(Math.max(this.next(), 1e-12)) + Math.log(Math.max(this.next(), 1e-12)));
  }
}
