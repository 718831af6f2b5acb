import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { BadUserInputError } from '@harbour/platform';
import { CreateReferralInput } from '../graphql/inputs/create-referral.input';
import { AddBedsInput } from '../graphql/inputs/add-beds.input';
import { InputValidationPipe } from './validation.pipe';

const pipe = new InputValidationPipe();
const meta = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype, data: 'input' });

async function fieldOf(value: unknown, metatype: ArgumentMetadata['metatype']): Promise<string | undefined> {
  try {
    await pipe.transform(value, meta(metatype));
  } catch (e) {
    expect(e).toBeInstanceOf(BadUserInputError);
    return (e as BadUserInputError).extensions.field as string;
  }
  throw new Error('expected a BadUserInputError');
}

const referral = { agencyReference: 'R-1', initials: 'AB', ageBand: 'AGE_25_34', gender: 'FEMALE' };

describe('InputValidationPipe', () => {
  it('names the nested path of the first failing property: input.dependants.3.ageBand', async () => {
    const dependants = [{ ageBand: 'UNDER_18' }, { ageBand: 'UNDER_18' }, { ageBand: 'UNDER_18' }, { ageBand: 'NOPE' }];
    expect(await fieldOf({ ...referral, dependants }, CreateReferralInput)).toBe('input.dependants.3.ageBand');
  });

  it('refuses a 10,000-item list by its cap, naming the list', async () => {
    const dependants = Array.from({ length: 10_000 }, () => ({ ageBand: 'UNDER_18' }));
    expect(await fieldOf({ ...referral, dependants }, CreateReferralInput)).toBe('input.dependants');
  });

  it('refuses a negative count', async () => {
    const input = { shelterId: '2b1f7c8e-8d3a-4d7e-9a51-0c6f1f7f0a11', roomLabel: 'A', count: -1 };
    expect(await fieldOf(input, AddBedsInput)).toBe('input.count');
  });

  it('problemsOf reports every bad field, nested ones and a NUL character included, in order', async () => {
    const input = { ...referral, initials: 'ABCDEFG', agencyId: 'nope', notes: 'a\u0000b', dependants: [{ ageBand: 'UNDER_18' }, { ageBand: 'NOPE' }] };
    const { value, problems } = await pipe.problemsOf(input, { type: 'body', metatype: CreateReferralInput, data: 'input.7' });
    expect(value).toBe(input);
    expect(problems.map((p) => p.field)).toEqual(['input.7.notes', 'input.7.agencyId', 'input.7.initials', 'input.7.dependants.1.ageBand']);
    expect(problems[0].message).toBe('input.7.notes must not contain the NUL character (U+0000)');
    expect(problems[2].message).toMatch(/^input\.7\.initials must be shorter than or equal to 4 characters$/);
  });

  it('leaves a list of input objects to its resolver, which checks each item (bulkCreateReferrals)', async () => {
    const items = [{ ...referral, notes: 'a\u0000b' }];
    expect(await pipe.transform(items, meta(Array))).toBe(items);
    await expect(pipe.transform(['a\u0000b'], meta(Array))).rejects.toBeInstanceOf(BadUserInputError);
  });

  it('passes valid input through as a class instance', async () => {
    const out = await pipe.transform({ ...referral, dependants: [{ ageBand: 'UNDER_18' }] }, meta(CreateReferralInput));
    expect(out).toBeInstanceOf(CreateReferralInput);
  });
});
