#!/usr/bin/env node
// Node >= 22.1 can keep V8's compiled code of hyvve-qa and its dependencies on disk
// (in the temp dir) between runs, which shortens start-up; older Nodes lack the API.
// It is turned on before the CLI's modules are imported, hence the dynamic import.
import module from "node:module";

module.enableCompileCache?.();
await import("../dist/src/cli/main.js");
