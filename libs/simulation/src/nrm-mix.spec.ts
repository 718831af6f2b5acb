import { join } from 'node:path';
import { readReferralMix } from './nrm-mix';

const DATA = process.env.HARBOUR_DATA_DIR ?? join(__dirname, '..', '..', '..', '..', 'shared', 'data');
const FILE = join(DATA, 'uk-nrm-referrals-by-year.csv');

describe('NRM referral mix', () => {
  it('takes the year’s own figures where published (2023: 7432 of 16990 children)', () => {
    const mix = readReferralMix(FILE, 2023);
    expect(mix.referrals).toBe(16990);
    expect(mix.childShare).toBeCloseTo(7432 / 16990, 6);
    expect(mix.sources.children).toBe(2023);
  });

  it('falls back to the latest earlier year that published a split (2023 male share from 2022: 78%)', () => {
    const mix = readReferralMix(FILE, 2023);
    expect(mix.maleShare).toBeCloseTo(0.78, 6);
    expect(mix.sources.male_share_pct).toBe(2022);
  });

  it('uses published exploitation shares and spreads the rest by the documented fallback (2024: labour 32%)', () => {
    const mix = readReferralMix(FILE, 2024);
    expect(mix.exploitation.LABOUR).toBeCloseTo(0.32, 6);
    const sum = Object.values(mix.exploitation).reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it('defaults to the latest year in the file and refuses a year it lacks', () => {
    expect(readReferralMix(FILE).year).toBe(2024);
    expect(() => readReferralMix(FILE, 1999)).toThrow(/no row for year 1999/);
  });
});
