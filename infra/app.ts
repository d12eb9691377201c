import { buildApp } from './stack/build-app.js';
import { StageConfigError } from './stage-config.js';

// Entry point of `cdk synth|deploy` (cdk.json). The CLI synthesizes the app when this exits.
try {
  buildApp();
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  // A configuration mistake deserves its message, not a stack trace.
  console.error(error.message);
  process.exit(1);
}
