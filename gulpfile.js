// Copies what tsc does not emit into dist/: node and credential icons, codex files, the rules data,
// the communes' outlines of the decision map.
const { src, dest, parallel } = require('gulp');

function icons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.' }).pipe(dest('dist'));
}

function codex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

function rules() {
	return src('rules/*.json', { base: '.' }).pipe(dest('dist'));
}

function contours() {
	return src('data/contours/*.json', { base: '.' }).pipe(dest('dist'));
}

exports.build = parallel(icons, codex, rules, contours);
exports.default = exports.build;

