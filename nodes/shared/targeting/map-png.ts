import { readFileSync } from 'node:fs';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/**
 * The decision map as a PNG. Gmail and Outlook (desktop) show no SVG image, so the approval email
 * of an approver on them showed only the map's alt text; a PNG shows everywhere. Rendered with
 * resvg compiled to WebAssembly (@resvg/resvg-wasm, MPL-2.0): no native binary to match the
 * platform n8n runs on, and no font needed, since the map draws its digits as paths
 * (map-digits.ts).
 */

/** Twice the SVG's 400 px: sharp on a phone's or a laptop's high-density screen (≈ 120–330 kB for the Puy-de-Dôme). */
export const MAP_PNG_WIDTH = 800;

/** The widest picture asked of the renderer: bounds the memory a request can make it use. */
const MAX_WIDTH = 2000;

let ready: Promise<void> | undefined;

/** Loads the WebAssembly renderer once per process (a 2.5 MB module, ≈ 100 ms), on the first PNG asked. */
function renderer(): Promise<void> {
	if (!ready) {
		ready = initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
		ready.catch(() => (ready = undefined));
	}
	return ready;
}

export interface MapPicture {
	png: Buffer;
	width: number;
	height: number;
}

/** Renders an SVG (decisionMap's) to a PNG `width` pixels wide, the height following the drawing. */
export async function svgToPng(svg: string, width = MAP_PNG_WIDTH): Promise<MapPicture> {
	await renderer();
	const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: Math.min(MAX_WIDTH, Math.max(1, Math.round(width))) } });
	try {
		const image = resvg.render();
		try {
			return { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
		} finally {
			image.free();
		}
	} finally {
		resvg.free();
	}
}
