/** A minimal PNG reader for tests: 8-bit RGBA, not interlaced (what resvg writes). */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
	width: number;
	height: number;
	/** [r, g, b, a] of the pixel at (x, y). */
	pixel(x: number, y: number): [number, number, number, number];
}

export function decodePng(png: Buffer): DecodedPng {
	if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
	let offset = 8;
	let width = 0;
	let height = 0;
	const data: Buffer[] = [];
	while (offset < png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		const body = png.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			[width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
			if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0) throw new Error('only 8-bit RGBA, not interlaced');
		}
		if (type === 'IDAT') data.push(body);
		offset += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(data));
	const stride = width * 4;
	const pixels = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		for (let i = 0; i < stride; i++) {
			const byte = raw[y * (stride + 1) + 1 + i];
			const left = i >= 4 ? pixels[y * stride + i - 4] : 0;
			const up = y > 0 ? pixels[(y - 1) * stride + i] : 0;
			const corner = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4] : 0;
			const paeth = () => {
				const p = left + up - corner;
				const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
				return pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
			};
			const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter];
			pixels[y * stride + i] = (byte + predictor) & 0xff;
		}
	}
	return {
		width,
		height,
		pixel: (x, y) => {
			const at = Math.round(y) * stride + Math.round(x) * 4;
			return [pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]];
		},
	};
}

/** How many pixels of exactly `rgba` a grid of every `step`-th pixel across and down meets. */
export function countColour(picture: DecodedPng, rgba: readonly [number, number, number, number], step = 1): number {
	const wanted = rgba.join();
	let count = 0;
	for (let y = 0; y < picture.height; y += step) for (let x = 0; x < picture.width; x += step) if (picture.pixel(x, y).join() === wanted) count++;
	return count;
}
