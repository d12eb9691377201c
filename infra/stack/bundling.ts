import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * esbuild settings shared by every function: one minified ESM file with a source map, the AWS
 * SDK bundled at the version the tests ran with (not the runtime's copy).
 */
/**
 * Modules replaced at bundling time. Lambda's credentials are always in the environment, so the
 * SDK's full provider chain gives way to the environment provider alone (see the module's comment).
 */
export const BUNDLING_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './functions/adapters/lambda-credentials.ts',
};

export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // The map only has to turn stack traces back into file:line; the sources stay out of the zip.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Some bundled CommonJS dependencies call require() for Node built-ins, which an ES module lacks.
  banner:
    "import { createRequire as __ikmCreateRequire } from 'node:module'; const require = __ikmCreateRequire(import.meta.url);",
  // The SMTP adapter is for the local stack only (MAILER=smtp). Marking nodemailer alone external
  // is not enough: esbuild inlines the adapter and hoists `import ... from "nodemailer"` to the top
  // of the bundle, which would fail at cold start. Keeping the adapter module itself external
  // leaves mailer.ts's dynamic import('./smtp-mailer.js') untouched and never evaluated on AWS.
  externalModules: ['nodemailer', './smtp-mailer.js'],
  esbuildArgs: Object.fromEntries(
    Object.entries(BUNDLING_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
  ),
  forceDockerBundling: false,
};
