// `npm run docs`: rewrite the generated reference pages (docs/cli.md,
// docs/config.md) from the code they describe; test/cli/reference.unit.test.ts
// fails while one is stale.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildProgram } from "../src/cli/program.js";
import { cliReference } from "../src/cli/reference.js";
import { configReference } from "./config-reference.js";

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
writeFileSync(at("../docs/cli.md"), cliReference(buildProgram("0.0.0", () => {})));
writeFileSync(at("../docs/config.md"), configReference(at("../src/config/schema.ts")));
console.log("wrote docs/cli.md, docs/config.md");
