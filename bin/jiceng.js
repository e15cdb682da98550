#!/usr/bin/env node
// The `jiceng` command (package.json "bin", e.g. after `npm link`): runs src/cli.ts through
// tsx's loader, exactly as `npm run --silent jiceng -- <command>` does.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
