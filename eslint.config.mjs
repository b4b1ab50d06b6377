import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const n8nRules = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-app/**', '.n8n-home/**', '.tmp/**', 'coverage/**', 'docs/**'] },
	...tseslint.configs.recommended,
	{
		// n8n's community-node rules cover what ships to n8n: the nodes, the credentials, the domain.
		files: ['index.ts', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		...n8nRules,
		rules: {
			...n8nRules.rules,
			// This package targets self-hosted n8n: it ships runtime dependencies (ajv, pg, libphonenumber-js,
			// French administrative data) and an embedded SQLite store, which n8n Cloud's verification forbids.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The domain imports nothing from n8n (docs/development.md, Conventions): it cannot throw NodeOperationError; the nodes wrap its errors.
		files: ['nodes/shared/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		files: ['test/**', 'bench/**', 'scripts/**', '*.js', '*.mjs'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
