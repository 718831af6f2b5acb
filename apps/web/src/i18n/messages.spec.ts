import { cy } from './cy';
import { en } from './en';
import { CATALOGUES, LANGUAGES, placeholders, translate } from './messages';

describe('web app strings', () => {
  it('has every key in both English and Welsh, and no key in one only', () => {
    const english = Object.keys(en).sort();
    for (const lang of LANGUAGES) expect(Object.keys(CATALOGUES[lang]).sort()).toEqual(english);
    expect(english.length).toBeGreaterThan(100);
  });

  it('gives every key a non-empty string with the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(typeof cy[key]).toBe('string');
      expect(cy[key].trim()).not.toBe('');
      expect({ key, placeholders: placeholders(cy[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(translate('en', 'shelter.bed', { label: 'A-1', status: 'Available' })).toBe('Bed A-1: Available');
    expect(translate('cy', 'shelter.bed', { label: 'A-1', status: 'Ar gael' })).toBe('Gwely A-1: Ar gael');
    expect(translate('en', 'holds.expiresIn')).toBe('Expires in {time}');
  });
});
