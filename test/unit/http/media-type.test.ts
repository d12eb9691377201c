import { describe, expect, it } from 'vitest';
import { isJsonMediaType } from '../../../functions/api/http/media-type.js';

describe('isJsonMediaType', () => {
  it.each([
    'application/json',
    'Application/JSON',
    'APPLICATION/JSON',
    'application/json; charset=UTF-8',
    'application/json;charset=utf-8',
    '  application/json  ; charset=utf-8',
  ])('Given Content-Type "%s" When checked Then it is JSON', (header) => {
    expect(isJsonMediaType(header)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'text/plain',
    'application/jsonx',
    'text/json',
    'application/json-patch+json',
    'multipart/form-data',
  ])('Given Content-Type %j When checked Then it is not JSON', (header) => {
    expect(isJsonMediaType(header)).toBe(false);
  });
});
