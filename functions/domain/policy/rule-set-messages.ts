import type * as z from 'zod/mini';

/**
 * Bahasa Indonesia for zod's generic issues in a rule set. Rule sets are written by the office's
 * staff, so a problem must name the field and what is expected in words, not in type names.
 */
const TYPE_NAMES_ID: Record<string, string> = {
  number: 'angka',
  int: 'bilangan bulat',
  string: 'teks',
  array: 'daftar',
  object: 'objek',
  boolean: 'true atau false',
};

const SIZE_UNITS_ID: Record<string, string> = { array: 'butir', string: 'karakter', set: 'butir' };

export function ruleSetIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'Wajib diisi';
      if (issue.expected === 'int') return 'Harus bilangan bulat';
      return `Harus berupa ${TYPE_NAMES_ID[issue.expected] ?? issue.expected}`;
    }
    case 'too_small': {
      const unit = SIZE_UNITS_ID[issue.origin];
      if (unit) return `Minimal ${issue.minimum} ${unit}`;
      return issue.inclusive ? `Minimal ${issue.minimum}` : `Harus lebih dari ${issue.minimum}`;
    }
    case 'too_big': {
      const unit = SIZE_UNITS_ID[issue.origin];
      if (unit) return `Maksimal ${issue.maximum} ${unit}`;
      return issue.inclusive ? `Maksimal ${issue.maximum}` : `Harus kurang dari ${issue.maximum}`;
    }
    case 'invalid_value':
      return `Harus salah satu dari: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `Kolom tidak dikenal: ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return 'Kunci tidak valid';
    case 'not_multiple_of':
      return `Harus kelipatan ${String(issue.divisor).replace('.', ',')}`;
    case 'invalid_format':
      return 'Format tidak valid';
    default:
      return undefined;
  }
}

/** `rules[3].params.ceilingsByDistrict["73.01"]`: readable, and unambiguous for keys with dots. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
