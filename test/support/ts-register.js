// Lets a child `node` process require the TypeScript sources directly (tests that kill a process).
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, esModuleInterop: true, resolveJsonModule: true },
		fileName: filename,
	});
	module._compile(outputText, filename);
};

// Node tries extensions in insertion order: put .ts before .json, so `X.node` finds X.node.ts
// rather than the codex file X.node.json next to it.
for (const ext of ['.json', '.node']) {
	const loader = require.extensions[ext];
	delete require.extensions[ext];
	require.extensions[ext] = loader;
}
