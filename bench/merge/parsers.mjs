// Why the JUnit reader uses saxes: parse the bench's 200 JUnit files with
// saxes (strict, streaming) and with fast-xml-parser + its validator (the
// tree parser the issue suggested). fast-xml-parser is not a dependency:
//   npm install --no-save fast-xml-parser@5 && node bench/merge/parsers.mjs [DIR]
import { readdirSync, readFileSync } from "node:fs";
import { SaxesParser } from "saxes";

const dir = process.argv[2] ?? "/tmp/hyvve-bench-junit";
const xmls = readdirSync(dir).map((f) => readFileSync(`${dir}/${f}`, "utf8"));
const { XMLParser } = await import("fast-xml-parser");

function saxes() {
  let cases = 0;
  for (const xml of xmls) {
    const parser = new SaxesParser();
    parser.on("opentag", (tag) => {
      if (tag.name === "testcase") cases++;
    });
    parser.write(xml).close();
  }
  return cases;
}

function fxp() {
  let cases = 0;
  for (const xml of xmls) {
    const tree = new XMLParser({ ignoreAttributes: false }).parse(xml, true);
    for (const suite of [tree.testsuites.testsuite].flat()) cases += [suite.testcase].flat().length;
  }
  return cases;
}

for (const round of [1, 2, 3]) {
  for (const [name, parse] of [
    ["saxes", saxes],
    ["fast-xml-parser + validate", fxp],
  ]) {
    const start = performance.now();
    const cases = parse();
    console.log(
      `round ${round} ${name}: ${(performance.now() - start).toFixed(0)} ms, ${cases} cases`,
    );
  }
}
