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

  it('passes valid input through as a class instance', async () => {
    const out = await pipe.transform({ ...referral, dependants: [{ ageBand: 'UNDER_18' }] }, meta(CreateReferralInput));
    expect(out).toBeInstanceOf(CreateReferralInput);
  });
});
