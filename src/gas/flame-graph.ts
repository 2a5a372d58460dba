/**
 * An SVG flame graph of a {@link GasProfile}, drawn by detwasm itself (no dependency), in the
 * layout of Brendan Gregg's flamegraph.pl: the entry functions on the bottom row above "all",
 * callees stacked on their callers, each frame as wide as the gas charged while it was on the
 * stack, siblings in name order, colour from a hash of the name (the "hot" palette). Every
 * coordinate is an integer computed by integer arithmetic, so the text is the same on every node.
 * Hover a frame for its name, gas and share (the SVG `<title>`).
 */
import { compareText, percentText, scaleDown } from './profile.js';
import type { GasProfile } from './profile.js';

/** Options of {@link flameGraphSvg}. */
export interface FlameGraphOptions {
  /** Heading drawn at the top (default "Gas flame graph"). */
  readonly title?: string;
  /** Image width in pixels (default 1200; an integer from 100 to 100,000). */
  readonly width?: number;
}

/** A call-tree node rebuilt from the profile's stacks (frames merged by name). */
interface FlameNode {
  readonly name: string;
  selfGas: number;
  totalGas: number;
  readonly children: Map<string, FlameNode>;
}

const FRAME_HEIGHT = 16;
const TOP = 36;
const BOTTOM = 24;
/** Approximate advance of a 12 px monospace glyph, for fitting labels into frames. */
const CHAR_WIDTH = 7;

/** Escapes text for XML content and attribute values; control characters XML forbids become U+FFFD. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case "'": return '&#39;';
      default: return '\ufffd';
    }
  });
}

function newNode(name: string): FlameNode {
  return { name, selfGas: 0, totalGas: 0, children: new Map() };
}

function buildTree(profile: GasProfile): FlameNode {
  const root = newNode('all');
  for (const s of profile.stacks) {
    let node = root;
    node.totalGas += s.exclusiveGas;
    for (const name of s.frames) {
      let child = node.children.get(name);
      if (child === undefined) {
        child = newNode(name);
        node.children.set(name, child);
      }
      node = child;
      node.totalGas += s.exclusiveGas;
    }
    node.selfGas += s.exclusiveGas;
  }
  return root;
}

/** Children in name order (never Map insertion order). */
function sortedChildren(n: FlameNode): FlameNode[] {
  return [...n.children.values()].sort((a, b) => compareText(a.name, b.name));
}

/** FNV-1a of the name: the frame's colour, stable across runs and hosts. */
function colourOf(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h >>>= 0;
  return `rgb(${205 + (h % 51)},${(h >>> 8) % 231},${(h >>> 16) % 56})`;
}

/** The label that fits `widthPx`, by code points, or '' when not even two characters fit. */
function fitLabel(name: string, widthPx: number): string {
  const fit = Math.floor((widthPx - 6) / CHAR_WIDTH);
  if (fit < 3) return '';
  const chars = Array.from(name);
  return chars.length <= fit ? name : `${chars.slice(0, fit - 2).join('')}..`;
}

/**
 * The flame graph of a profile as a standalone SVG document (UTF-8 text). A profile without gas
 * gives a graph with only its heading and totals. Throws TypeError for bad options.
 */
export function flameGraphSvg(profile: GasProfile, options: FlameGraphOptions = {}): string {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const title = options.title ?? 'Gas flame graph';
  if (typeof title !== 'string') throw new TypeError('title must be a string');
  const width = options.width ?? 1200;
  if (!Number.isSafeInteger(width) || width < 100 || width > 100_000) {
    throw new TypeError('width must be an integer from 100 to 100000');
  }
  const root = buildTree(profile);
  const total = root.totalGas;
  let deepest = 0;
  for (const st of profile.stacks) if (st.exclusiveGas > 0 && st.frames.length > deepest) deepest = st.frames.length;
  const levels = total > 0 ? deepest + 1 : 0;
  const height = TOP + levels * FRAME_HEIGHT + BOTTOM;
  const inner = width - 20;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  out.push('<style>text{font-family:monospace;font-size:12px;fill:#000}.t{font-size:17px}</style>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#f8f8f8"/>`);
  out.push(`<text class="t" x="${width >> 1}" y="24" text-anchor="middle">${escapeXml(title)}</text>`);
  // Depth-first, siblings in name order, with an explicit stack (a profile may be 10,000 frames deep).
  const todo: { node: FlameNode; depth: number; startGas: number }[] = total > 0 ? [{ node: root, depth: 0, startGas: 0 }] : [];
  while (todo.length > 0) {
    const { node: n, depth, startGas } = todo.pop()!;
    const x0 = 10 + scaleDown(startGas, total, inner);
    const x1 = 10 + scaleDown(startGas + n.totalGas, total, inner);
    if (x1 - x0 < 1) continue; // narrower than a pixel: so are its callees
    const y = TOP + (levels - 1 - depth) * FRAME_HEIGHT;
    const fill = depth === 0 ? 'rgb(200,200,200)' : colourOf(n.name);
    const info = `${n.name}: ${n.totalGas} gas (${percentText(n.totalGas, total)}%), ${n.selfGas} exclusive`;
    const label = fitLabel(n.name, x1 - x0);
    out.push(
      `<g><title>${escapeXml(info)}</title><rect x="${x0}" y="${y}" width="${x1 - x0}" height="${FRAME_HEIGHT - 1}" fill="${fill}" rx="2"/>` +
        (label === '' ? '' : `<text x="${x0 + 3}" y="${y + FRAME_HEIGHT - 4}">${escapeXml(label)}</text>`) +
        '</g>',
    );
    const children = sortedChildren(n);
    // Callees sit from the left edge of the frame; its own gas is the gap on the right.
    let at = startGas;
    const placed: { node: FlameNode; depth: number; startGas: number }[] = [];
    for (const c of children) {
      placed.push({ node: c, depth: depth + 1, startGas: at });
      at += c.totalGas;
    }
    for (let i = placed.length - 1; i >= 0; i--) todo.push(placed[i]!);
  }
  out.push(`<text x="10" y="${height - 8}">${escapeXml(`gas used: ${profile.gasUsed}`)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
