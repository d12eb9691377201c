import { describe, expect, it } from 'vitest';
import { validatedWhenStored } from '../../../functions/adapters/dynamodb/versioned-documents.js';

const stored = (document: unknown, version = 2) => ({
  version,
  document,
  by: 'admin',
  at: '2016-01-05T00:00:00.000Z',
});

describe('validatedWhenStored', () => {
  it('given a rule set stored as version 2 of 2016, when read as 2016, then the stored document is returned as it is', () => {
    const document = { fiscalYear: 2016, version: 2, description: 'Aturan', rules: [{ id: 'a' }] };
    expect(validatedWhenStored('RULE_SET', 2016, stored(document))).toBe(document);
  });

  it('given an approval chain stored as version 2 of 2016, when read as 2016, then the stored document is returned', () => {
    const document = { fiscalYear: 2016, version: 2, stages: [] };
    expect(validatedWhenStored('APPROVAL_CHAIN', 2016, stored(document))).toBe(document);
  });

  it.each([
    ['another year', { fiscalYear: 2017, version: 2, rules: [] }],
    ['another version', { fiscalYear: 2016, version: 1, rules: [] }],
    ['no rule list', { fiscalYear: 2016, version: 2, stages: [] }],
    ['no object', 'aturan'],
    ['nothing', null],
  ])(
    'given a rule-set item holding %s, when read, then the reader stops with an error naming the item',
    (_, document) => {
      expect(() => validatedWhenStored('RULE_SET', 2016, stored(document))).toThrow(
        'stored RULE_SET 2016 v2 is not a document of that year and version',
      );
    },
  );

  it('given a chain item without stages, when read, then the reader stops', () => {
    expect(() =>
      validatedWhenStored('APPROVAL_CHAIN', 2016, stored({ fiscalYear: 2016, version: 2, rules: [] })),
    ).toThrow('stored APPROVAL_CHAIN 2016 v2');
  });
});
