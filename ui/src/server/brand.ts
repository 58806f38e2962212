import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The operator's brand, read and checked once at start (config.ts): pages and emails use it. */
export type Brand = {
  /** Buttons and links on light backgrounds; white text on it passes WCAG AA. */
  accent: string;
  accentHover: string;
  /** Links and focus rings on the dark theme's background: the accent lightened until it passes AA there. */
  accentOnDark: string;
  /** Served by Hera at /brand/logo and /brand/logo-dark. */
  logo?: LogoFile;
  logoDark?: LogoFile;
  support?: string;
  terms?: string;
  privacy?: string;
};

export type LogoFile = { file: string; type: string; bytes: number };

const logoTypes: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

/** The dark theme's card background (styles/hera.css), which links must stand out on. */
export const darkSurface = "#111827";

/** A logo file: it must exist, be an image type browsers and mail apps show, and be small. */
export function logoFile(file: string): LogoFile {
  const type = logoTypes[path.extname(file).toLowerCase()];
  if (!type) throw new Error(`${file} is not an SVG, PNG, JPEG, WebP or GIF image`);
  let bytes: number;
  try {
    bytes = statSync(file).size;
    readFileSync(file, { flag: "r" }).subarray(0, 1);
  } catch {
    throw new Error(`cannot read ${file}`);
  }
  if (bytes > 512 * 1024) throw new Error(`${file} is ${Math.round(bytes / 1024)} kB; a logo must be at most 512 kB`);
  return { file: path.resolve(file), type, bytes };
}

type Rgb = [number, number, number];

function rgbOf(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const hexOf = (rgb: Rgb) => "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");

/** WCAG 2's relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2's contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function mix(hex: string, toward: string, amount: number): string {
  const [a, b] = [rgbOf(hex), rgbOf(toward)];
  return hexOf(a.map((c, i) => c + (b[i]! - c) * amount) as Rgb);
}

/**
 * The accent's shades. Throws, naming the contrast, when white text on the accent (every
 * primary button) would fail WCAG AA's 4.5:1.
 */
export function accentShades(accent: string): Pick<Brand, "accent" | "accentHover" | "accentOnDark"> {
  const onWhite = contrast(accent, "#ffffff");
  if (onWhite < 4.5) {
    throw new Error(`${accent} under white button text has a contrast of ${onWhite.toFixed(1)}:1; WCAG AA needs 4.5:1, so choose a darker colour`);
  }
  let onDark = accent;
  for (let step = 1; step <= 10 && contrast(onDark, darkSurface) < 4.5; step++) onDark = mix(accent, "#ffffff", step / 10);
  return { accent: accent.toLowerCase(), accentHover: mix(accent, "#000000", 0.15), accentOnDark: onDark };
}
