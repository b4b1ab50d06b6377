import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-app/**', '.n8n-home/**', '.tmp/**', 'coverage/**'] },
	...tseslint.configs.recommended,
	n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
	{
		rules: {
			// This package targets self-hosted n8n: it ships runtime dependencies (ajv, pg, libphonenumber-js,
			// French administrative data) and an embedded SQLite store, which n8n Cloud's verification forbids.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['test/**', 'bench/**', 'scripts/**', '*.js', '*.mjs'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
