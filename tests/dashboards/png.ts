/** Reading the PNG files the dashboard writes: pixels (pngjs) and the declared resolution. */
import { PNG } from 'pngjs';

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
  /** Pixels per metre from the pHYs chunk, null when there is none. */
  readonly pixelsPerMetre: number | null;
}

export function decodePng(bytes: Buffer): DecodedPng {
  const png = PNG.sync.read(bytes);
  let pixelsPerMetre: number | null = null;
  for (let at = 8; at < bytes.length; at += 12 + bytes.readUInt32BE(at)) {
    if (bytes.toString('latin1', at + 4, at + 8) === 'pHYs' && bytes.readUInt8(at + 16) === 1) pixelsPerMetre = bytes.readUInt32BE(at + 8);
  }
  return { width: png.width, height: png.height, data: png.data, pixelsPerMetre };
}

/** Pixels in rows [top, bottom) whose colour is dark (every channel below 90): text and axis lines. */
export function darkPixels(png: DecodedPng, top = 0, bottom = png.height): number {
  let n = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! < 90 && png.data[i + 1]! < 90 && png.data[i + 2]! < 90 && png.data[i + 3]! > 200) n++;
    }
  }
  return n;
}

/** The share of pixels that are not plain white. */
export function inkShare(png: DecodedPng): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 250 || png.data[i + 1]! < 250 || png.data[i + 2]! < 250) n++;
  return n / (png.width * png.height);
}
