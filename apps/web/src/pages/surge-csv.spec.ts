import { parseSurgeCsv } from './surge-csv';

describe('surge intake CSV', () => {
  it('turns rows into referral inputs', () => {
    const { inputs, problems } = parseSurgeCsv(
      'agencyReference,initials,gender,ageBand,consentGiven,urgency,languages,children,accessibilityNeeds,exclusionRegions\n' +
        'S-1,AB,female,AGE_25_34,yes,EMERGENCY,en;ro,2,WHEELCHAIR,NORTH;EAST\n' +
        'S-2,CD,MALE,UNDER_18,,,,,,\n',
    );
    expect(problems).toEqual([]);
    expect(inputs[0]).toEqual({
      agencyReference: 'S-1',
      initials: 'AB',
      gender: 'FEMALE',
      ageBand: 'AGE_25_34',
      consentGiven: true,
      urgency: 'EMERGENCY',
      languages: ['en', 'ro'],
      dependants: [{ ageBand: 'UNDER_18' }, { ageBand: 'UNDER_18' }],
      accessibilityNeeds: ['WHEELCHAIR'],
      exclusionRegions: ['NORTH', 'EAST'],
      preferredRegions: [],
    });
    expect(inputs[1]).toMatchObject({ agencyReference: 'S-2', gender: 'MALE', ageBand: 'UNDER_18', dependants: [], languages: [] });
    expect(inputs[1]).not.toHaveProperty('consentGiven');
  });

  it('lists every problem by row and field', () => {
    const { problems } = parseSurgeCsv('agencyReference,initials,gender,ageBand,children,colour\nS-1,,woman,AGE_25_34,x,red\n,EF,MALE,OLD,13,blue\n');
    expect(problems).toEqual([
      { row: 0, field: 'colour', kind: 'unknownColumn', detail: 'colour' },
      { row: 1, field: 'initials', kind: 'required', detail: '' },
      { row: 1, field: 'gender', kind: 'oneOf', detail: 'FEMALE, MALE, NON_BINARY' },
      { row: 1, field: 'children', kind: 'number', detail: 'x' },
      { row: 2, field: 'agencyReference', kind: 'required', detail: '' },
      { row: 2, field: 'ageBand', kind: 'oneOf', detail: 'UNDER_18, AGE_18_24, AGE_25_34, AGE_35_44, AGE_45_54, AGE_55_PLUS' },
      { row: 2, field: 'children', kind: 'number', detail: '13' },
    ]);
  });

  it('refuses a file without the required columns, an empty one and one of more than 200 rows', () => {
    expect(
      parseSurgeCsv('initials\nAB\n')
        .problems.filter((p) => p.row === 0)
        .map((p) => p.field),
    ).toEqual(['agencyReference', 'gender', 'ageBand']);
    expect(parseSurgeCsv('agencyReference,initials,gender,ageBand\n').problems).toEqual([{ row: 0, field: '', kind: 'empty', detail: '' }]);
    const many = 'agencyReference,initials,gender,ageBand\n' + Array.from({ length: 201 }, (_, i) => `R-${i},AB,FEMALE,AGE_25_34`).join('\n');
    expect(parseSurgeCsv(many).problems).toEqual([{ row: 0, field: '', kind: 'tooMany', detail: '201' }]);
  });
});
