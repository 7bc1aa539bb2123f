#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx also lets users' own .ts sweep files load,
// and aliasSelf lets them import "wattsweep" from wherever they are.
import { register } from "tsx/esm/api";
import { aliasSelf } from "../src/definition/selfImport.mjs";

register();
aliasSelf();
await import("../src/cli/main.ts");
