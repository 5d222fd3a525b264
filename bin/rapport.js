#!/usr/bin/env node
// Entry point of the `rapport` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
