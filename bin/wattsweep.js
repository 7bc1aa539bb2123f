#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx also lets users' own .ts sweep files load.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
