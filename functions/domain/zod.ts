/**
 * The part of zod this project uses, as named exports. Importing zod's `z` namespace puts all of
 * zod into every Lambda bundle (every locale, the JSON Schema converters, the compiler: about
 * 440 KB minified); named exports let esbuild keep only what is used (about 90 KB).
 * Use it as `import * as z from '…/domain/zod.js'`: the code reads as ordinary zod.
 */
export {
  array,
  boolean,
  coerce,
  config,
  discriminatedUnion,
  enum,
  iso,
  literal,
  number,
  object,
  partialRecord,
  record,
  strictObject,
  string,
  unknown,
} from 'zod';
export type { core, infer, ZodType } from 'zod';
