/** The pytest adapter's path and name helpers (src/runners/pytest-paths.ts, pytest-select.ts). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CaseResult } from "../../src/results/model.js";
import {
  findRootdir,
  fromPytestJUnit,
  fromRootdir,
  junitNames,
  expandTargets,
} from "../../src/runners/pytest-paths.js";
import { parseNodeIds } from "../../src/runners/pytest-select.js";
import { tempDir } from "../helpers/cli.js";

describe("pytest names", () => {
  it("names a node id as pytest's JUnit does, parameters left whole", () => {
    expect(junitNames("tests/unit/test_a.py::TestX::TestY::test_z")).toEqual({
      classname: "tests.unit.test_a.TestX.TestY",
      name: "test_z",
    });
    // A parameter id may hold "::", "/" and ".py": they are not split or rewritten.
    expect(junitNames("test_a.py::test_p[a::b/c.py]")).toEqual({
      classname: "test_a",
      name: "test_p[a::b/c.py]",
    });
  });

  it("reads the node ids of --collect-only -q up to its first blank line", () => {
    const stdout = [
      "tests/test_a.py::test_x",
      "tests/test_a.py::test_p[a b]",
      "",
      "==== ERRORS ====",
      "E   boom::here",
      "2 tests collected in 0.01s",
    ].join("\n");
    expect(parseNodeIds(stdout)).toEqual([
      "tests/test_a.py::test_x",
      "tests/test_a.py::test_p[a b]",
    ]);
  });
});

describe("pytest paths", () => {
  it("turns a rootdir-relative node id into an argument from the suite's folder", () => {
    expect(fromRootdir("/r", "/r/pkg", "pkg/tests/test_a.py::test_x[a/../b]")).toBe(
      "tests/test_a.py::test_x[a/../b]",
    );
    expect(fromRootdir("/r/pkg/tests", "/r/pkg", "test_a.py")).toBe("tests/test_a.py");
  });

  it("finds pytest's rootdir from its header, else from where the named files are", () => {
    expect(findRootdir("/c", [], ["x.py"], "rootdir: /r/p, configfile: pytest.ini\n")).toBe("/r/p");
    expect(findRootdir("/c", [], ["x.py"], "rootdir: /r/q\nconfigfile: pytest.ini\n")).toBe("/r/q");
    const dir = tempDir();
    mkdirSync(join(dir, "pkg", "tests"), { recursive: true });
    writeFileSync(join(dir, "pkg", "tests", "test_a.py"), "");
    // An ini file in the suite's folder: names are relative to it.
    expect(findRootdir(dir, ["pkg/tests"], ["pkg/tests/test_a.py"])).toBe(dir);
    // No ini file: the arguments' common ancestor.
    expect(findRootdir(dir, ["pkg/tests"], ["test_a.py"])).toBe(join(dir, "pkg", "tests"));
  });

  it("expands globs to sorted files and passes folders and node ids as written", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "t"));
    for (const f of ["test_b.py", "test_a.py", "helper.py"]) writeFileSync(join(dir, "t", f), "");
    expect(
      await expandTargets(["t/test_*.py", "t", "t/test_a.py::test_x", "nothing/*.py"], dir),
    ).toEqual(["t/test_a.py", "t/test_b.py", "t", "t/test_a.py::test_x"]);
  });

  it("keeps a case's duplicate number while moving its file to the repo and dropping pytest's suite name", () => {
    const c: CaseResult = {
      id: "unit::tests/test_a.py::pytest > tests.test_a > test_x #2",
      title: "test_x",
      titlePath: ["pytest", "tests.test_a", "test_x"],
      file: "tests/test_a.py",
      status: "passed",
      durationMs: 1,
      retries: 0,
      attachments: [],
    };
    const out = fromPytestJUnit(c, { suite: "unit", rootDir: "/repo", rootdir: "/repo/py" });
    expect(out).toMatchObject({
      id: "unit::py/tests/test_a.py::tests.test_a > test_x #2",
      titlePath: ["tests.test_a", "test_x"],
      file: "py/tests/test_a.py",
    });
  });
});
