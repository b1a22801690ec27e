#!/usr/bin/env node
// Thin launcher: run the TypeScript CLI through tsx so that no build step is needed.
import { register } from 'tsx/esm/api';
register();
await import('../src/platform/cli.ts');
