/**
 * A test-time converter of `.wast` scripts (spec interpreter README, "Scripts"; grammar in spec repo
 * `interpreter/text/parser.mly`, rules `script_module` to `script`) into the {@link SpecFile} that
 * `loadSpecFile` returns for the wast2json file of the same script: the same command objects
 * (`type`, `line`, `filename`, `name`, `text`, `module_type`, `action`, `expected`, `either`), the
 * same module file names (`NAME.N.wasm` / `NAME.N.wat`, numbered in script order), with the module
 * bytes held in memory (`SpecFile.modules`). It exists for the scripts wast2json cannot convert
 * (the GC folder, spectest README "Not converted").
 *
 * - The script level (commands, values, `module binary` / `module quote` strings) is parsed here:
 *   an s-expression reader of its own (comments `;;` and nested `(; ;)`, strings with `\t \n \r
 *   \" \' \\ \hh \u{h+}`), which throws an Error naming file and line on bad input.
 * - Text modules are encoded by wasm-tools' `wat` parser (`@bytecodealliance/jco-transpile`,
 *   `parse`: binary out, not validated, so assert_invalid modules encode). A `module quote` is its
 *   strings joined with nothing between (as wast2json's `.wat` file); when wasm-tools rejects a
 *   text module, the module is kept as a {@link TextModule} with the message (`module_type:
 *   "text"`, `.wat`): the runner passes it for assert_malformed (malformed at the text level) and
 *   fails it everywhere else. A quote module that wasm-tools accepts is handed to the engine as
 *   binary, which then has to reject it.
 * - The `expected` result types of action / assert_trap / assert_exhaustion / assert_exception
 *   (wast2json writes the invoked export's result types) are read from the module binary
 *   (export-types.ts).
 *
 * Not supported (none of the spectest scripts use them; each throws naming file and line):
 * `module definition` / `module instance`, `thread` / `wait`, `script` / `input` / `output`.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Action, Command, JsonExpected, JsonValue, ModuleData, SpecFile } from './commands.js';
import { loadSpecFile } from './commands.js';
import { readExportTypes } from './export-types.js';
import type { ExportTypes } from './export-types.js';
import { floatBits, intBits } from './wast-numbers.js';

/** Encodes module text to a binary; throws on a text syntax error. */
export type WatEncoder = (wat: string) => Promise<Uint8Array>;

// ---------------------------------------------------------------------------------------------
// S-expressions

interface Atom {
  readonly kind: 'atom';
  readonly text: string;
  readonly offset: number;
}

interface Str {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
  readonly offset: number;
}

interface List {
  readonly kind: 'list';
  readonly items: readonly SExpr[];
  /** Byte offsets of `(` and one past `)`. */
  readonly offset: number;
  readonly end: number;
}

type SExpr = Atom | Str | List;

const LPAREN = 0x28;
const RPAREN = 0x29;
const QUOTE = 0x22;
const SEMI = 0x3b;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === NEWLINE || b === 0x0d || b === 0x0c;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

/** UTF-8 without BOM stripping (names.wast exports a name that starts with U+FEFF). */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

function utf8(codePoint: number): number[] {
  return Array.from(new TextEncoder().encode(String.fromCodePoint(codePoint)));
}

/** Reads a whole script into its top-level s-expressions. */
class SExprReader {
  private pos = 0;
  /** Byte offset where each line starts (line 1 at index 0). */
  private readonly lineStarts: number[] = [0];
  private readonly src: Uint8Array;
  private readonly filename: string;

  constructor(src: Uint8Array, filename: string) {
    this.src = src;
    this.filename = filename;
    for (let i = 0; i < src.length; i++) if (src[i] === NEWLINE) this.lineStarts.push(i + 1);
  }

  /** 1-based line of a byte offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  fail(offset: number, message: string): never {
    throw new Error(`${this.filename}:${this.lineOf(offset)}: ${message}`);
  }

  readAll(): List[] {
    const top: List[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.src.length) return top;
      const b = this.src[this.pos] as number;
      if (b === RPAREN) this.fail(this.pos, 'unbalanced parenthesis: ")" without "("');
      if (b !== LPAREN) this.fail(this.pos, `expected "(" at the script level, found ${this.describe(this.pos)}`);
      top.push(this.readList());
    }
  }

  private describe(offset: number): string {
    const end = Math.min(this.src.length, offset + 20);
    let stop = offset;
    while (stop < end && !isSpace(this.src[stop] as number)) stop++;
    return JSON.stringify(UTF8.decode(this.src.subarray(offset, Math.max(stop, offset + 1))));
  }

  private skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const b = src[this.pos] as number;
      if (isSpace(b)) {
        this.pos++;
      } else if (b === SEMI && src[this.pos + 1] === SEMI) {
        while (this.pos < src.length && src[this.pos] !== NEWLINE) this.pos++;
      } else if (b === LPAREN && src[this.pos + 1] === SEMI) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  /** A `(; ... ;)` comment; they nest. */
  private skipBlockComment(): void {
    const start = this.pos;
    let depth = 0;
    const src = this.src;
    while (this.pos < src.length) {
      if (src[this.pos] === LPAREN && src[this.pos + 1] === SEMI) {
        depth++;
        this.pos += 2;
      } else if (src[this.pos] === SEMI && src[this.pos + 1] === RPAREN) {
        depth--;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        this.pos++;
      }
    }
    this.fail(start, 'unterminated block comment "(;"');
  }

  private readList(): List {
    const start = this.pos;
    this.pos++; // (
    const items: SExpr[] = [];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.src.length) this.fail(start, 'unbalanced parenthesis: "(" is never closed');
      const b = this.src[this.pos] as number;
      if (b === RPAREN) {
        this.pos++;
        return { kind: 'list', items, offset: start, end: this.pos };
      }
      if (b === LPAREN) items.push(this.readList());
      else if (b === QUOTE) items.push(this.readString());
      else items.push(this.readAtom());
    }
  }

  private readString(): Str {
    const start = this.pos;
    const src = this.src;
    const out: number[] = [];
    this.pos++;
    for (;;) {
      const b = src[this.pos];
      if (b === undefined || b === NEWLINE) this.fail(start, 'unterminated string');
      this.pos++;
      if (b === QUOTE) return { kind: 'string', bytes: new Uint8Array(out), offset: start };
      if (b !== BACKSLASH) {
        out.push(b);
        continue;
      }
      const e = src[this.pos++];
      switch (e) {
        case 0x74: out.push(0x09); break; // \t
        case 0x6e: out.push(0x0a); break; // \n
        case 0x72: out.push(0x0d); break; // \r
        case QUOTE: case 0x27: case BACKSLASH: out.push(e); break;
        case 0x75: { // \u{hex}
          if (src[this.pos] !== 0x7b) this.fail(this.pos, 'bad \\u escape: expected "{"');
          let cp = 0;
          let digits = 0;
          this.pos++;
          while (src[this.pos] !== 0x7d) {
            const h = hexValue(src[this.pos] ?? 0);
            if (h < 0) this.fail(this.pos, 'bad \\u escape');
            cp = cp * 16 + h;
            digits++;
            this.pos++;
          }
          this.pos++;
          if (digits === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) this.fail(start, 'bad \\u escape');
          out.push(...utf8(cp));
          break;
        }
        default: {
          const hi = hexValue(e ?? 0);
          const lo = hexValue(src[this.pos] ?? 0);
          if (hi < 0 || lo < 0) this.fail(this.pos - 1, 'bad escape in string');
          this.pos++;
          out.push(hi * 16 + lo);
        }
      }
    }
  }

  /** An atom (keyword, number, `$id`); `$"..."` is an id with a quoted name. */
  private readAtom(): Atom {
    const start = this.pos;
    const src = this.src;
    while (this.pos < src.length) {
      const b = src[this.pos] as number;
      if (isSpace(b) || b === LPAREN || b === RPAREN || b === QUOTE || b === SEMI) break;
      this.pos++;
    }
    if (this.pos === start) this.fail(start, `unexpected character ${this.describe(start)}`);
    const text = UTF8.decode(src.subarray(start, this.pos));
    if (text === '$' && src[this.pos] === QUOTE) {
      const name = this.readString();
      return { kind: 'atom', text: '$' + UTF8.decode(name.bytes), offset: start };
    }
    return { kind: 'atom', text, offset: start };
  }

  /** The source text of a list (what wasm-tools gets for a text module). */
  textOf(list: List): string {
    return UTF8.decode(this.src.subarray(list.offset, list.end));
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

function isAtom(e: SExpr | undefined, text?: string): e is Atom {
  return e !== undefined && e.kind === 'atom' && (text === undefined || e.text === text);
}

function isId(e: SExpr | undefined): e is Atom {
  return isAtom(e) && e.text.startsWith('$');
}

function headOf(list: List): string {
  const h = list.items[0];
  return isAtom(h) ? h.text : '';
}

function decodeName(s: Str): string {
  return UTF8.decode(s.bytes);
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The heap types of `ref.null` by name, and the JSON type of their null (values.ts table). */
const NULL_TYPES: Readonly<Record<string, string>> = {
  func: 'funcref', extern: 'externref', exn: 'exnref', any: 'anyref', eq: 'eqref', i31: 'i31ref',
  struct: 'structref', array: 'arrayref', none: 'nullref', nofunc: 'nullfuncref', noextern: 'nullexternref',
  noexn: 'nullexnref',
};

/** Result-only reference patterns without an argument: `(ref.func)` etc. (values.ts table). */
const NON_NULL_PATTERNS: Readonly<Record<string, string>> = {
  'ref.func': 'funcref', 'ref.extern': 'externref', 'ref.any': 'anyref', 'ref.eq': 'eqref', 'ref.i31': 'i31ref',
  'ref.struct': 'structref', 'ref.array': 'arrayref', 'ref.exn': 'exnref',
};

/** Module field keywords: a script that starts with one is a single inline module. */
const MODULE_FIELDS: ReadonlySet<string> = new Set([
  'type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'export', 'start', 'elem', 'data', 'tag',
]);

const V128_SHAPES: Readonly<Record<string, { readonly laneType: string; readonly count: number }>> = {
  i8x16: { laneType: 'i8', count: 16 }, i16x8: { laneType: 'i16', count: 8 }, i32x4: { laneType: 'i32', count: 4 },
  i64x2: { laneType: 'i64', count: 2 }, f32x4: { laneType: 'f32', count: 4 }, f64x2: { laneType: 'f64', count: 2 },
};

/** What became of a module command's module, for the result types of later actions. */
interface ModuleEntry {
  readonly bytes: Uint8Array | null;
  types?: ExportTypes;
}

class Converter {
  private readonly reader: SExprReader;
  private readonly stem: string;
  private readonly commands: Command[] = [];
  private readonly modules = new Map<string, ModuleData>();
  private moduleCount = 0;
  private current: ModuleEntry | null = null;
  private readonly named = new Map<string, ModuleEntry>();
  private readonly filename: string;
  private readonly encode: WatEncoder;

  constructor(src: Uint8Array, filename: string, encode: WatEncoder) {
    this.filename = filename;
    this.encode = encode;
    this.reader = new SExprReader(src, filename);
    this.stem = filename.replace(/\.wast$/, '');
  }

  async run(): Promise<{ commands: Command[]; modules: Map<string, ModuleData> }> {
    const top = this.reader.readAll();
    const first = top[0];
    if (first !== undefined && MODULE_FIELDS.has(headOf(first))) {
      // The `inline_module1` sugar: a script of module fields is one module (inline-module.wast).
      const text = `(module ${top.map((f) => this.reader.textOf(f)).join(' ')})`;
      const m = await this.textModule(text, false, 'module');
      this.commands.push({ type: 'module', line: this.line(first), filename: m.filename, ...(m.moduleType === 'text' ? { module_type: 'text' as const } : {}) });
      return { commands: this.commands, modules: this.modules };
    }
    for (const cmd of top) await this.command(cmd);
    return { commands: this.commands, modules: this.modules };
  }

  private fail(e: SExpr, message: string): never {
    return this.reader.fail(e.offset, message);
  }

  /**
   * The line wast2json gives a command: that of the keyword of `e` (a module, an action, the
   * command itself), not of its `(`, which may stand on an earlier line (comments.wast).
   */
  private line(e: SExpr): number {
    const keyword = e.kind === 'list' ? e.items[0] : undefined;
    return this.reader.lineOf((keyword ?? e).offset);
  }

  private async command(list: List): Promise<void> {
    const head = headOf(list);
    const items = list.items;
    switch (head) {
      case 'module': {
        const m = await this.module(list, 'module');
        const entry: ModuleEntry = { bytes: m.bytes };
        this.current = entry;
        if (m.name !== undefined) this.named.set(m.name, entry);
        this.commands.push({
          type: 'module', line: this.line(list), ...(m.name !== undefined ? { name: m.name } : {}), filename: m.filename,
          ...(m.moduleType === 'text' ? { module_type: 'text' as const } : {}),
        });
        return;
      }
      case 'register': {
        const as = items[1];
        if (as?.kind !== 'string') this.fail(list, 'register: expected a name string');
        const id = items[2];
        if (id !== undefined && !isId(id)) this.fail(id, 'register: expected a module $id');
        if (items.length > 3) this.fail(list, 'register: too many operands');
        this.commands.push({ type: 'register', line: this.line(list), ...(id !== undefined ? { name: id.text } : {}), as: decodeName(as) });
        return;
      }
      case 'invoke':
      case 'get': {
        const action = this.action(list);
        this.commands.push({ type: 'action', line: this.line(list), action, expected: this.resultTypes(action, list) });
        return;
      }
      case 'assert_return': {
        const target = this.expectList(items[1], list, 'an action');
        const action = this.action(target);
        const results = items.slice(2).map((r) => this.result(r));
        const line = this.line(target);
        const only = results[0];
        if (results.length === 1 && only !== undefined && only.type === 'either') {
          this.commands.push({ type: 'assert_return', line, action, either: only.either ?? [] });
        } else {
          this.commands.push({ type: 'assert_return', line, action, expected: results });
        }
        return;
      }
      case 'assert_trap': {
        const target = this.expectList(items[1], list, 'an action or a module');
        const text = this.message(items[2], list);
        if (headOf(target) === 'module') {
          await this.assertModule('assert_uninstantiable', target, text);
          return;
        }
        const action = this.action(target);
        this.commands.push({ type: 'assert_trap', line: this.line(target), action, text, expected: this.resultTypes(action, target) });
        return;
      }
      case 'assert_exhaustion': {
        const target = this.expectList(items[1], list, 'an action');
        const text = this.message(items[2], list);
        const action = this.action(target);
        this.commands.push({ type: 'assert_exhaustion', line: this.line(target), action, text, expected: this.resultTypes(action, target) });
        return;
      }
      case 'assert_exception': {
        const target = this.expectList(items[1], list, 'an action');
        if (items.length > 2) this.fail(list, 'assert_exception: too many operands');
        const action = this.action(target);
        this.commands.push({ type: 'assert_exception', line: this.line(target), action, expected: this.resultTypes(action, target) });
        return;
      }
      case 'assert_malformed':
      case 'assert_invalid':
      case 'assert_unlinkable': {
        const target = this.expectList(items[1], list, 'a module');
        if (headOf(target) !== 'module') this.fail(target, `${head}: expected a module`);
        await this.assertModule(head, target, this.message(items[2], list));
        return;
      }
      default:
        this.fail(list, `unknown command ${head === '' ? '(no keyword)' : JSON.stringify(head)}`);
    }
  }

  private expectList(e: SExpr | undefined, parent: List, what: string): List {
    if (e?.kind !== 'list') this.fail(e ?? parent, `${headOf(parent)}: expected ${what}`);
    return e;
  }

  private message(e: SExpr | undefined, parent: List): string {
    if (e?.kind !== 'string') this.fail(e ?? parent, `${headOf(parent)}: expected a message string`);
    if (parent.items.length > 3) this.fail(parent, `${headOf(parent)}: too many operands`);
    return decodeName(e);
  }

  private async assertModule(type: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' | 'assert_uninstantiable', target: List, text: string): Promise<void> {
    const m = await this.module(target, type);
    this.commands.push({ type, line: this.line(target), filename: m.filename, text, module_type: m.moduleType });
  }

  /**
   * A script module: its file name, bytes (null when the text was rejected) and module_type as
   * wast2json writes them (a `module` command's text module is written as `.wasm` without a
   * module_type; an assertion's quote module as `.wat`, module_type text).
   */
  private async module(list: List, context: string): Promise<{
    readonly name?: string; readonly filename: string; readonly bytes: Uint8Array | null; readonly moduleType: 'binary' | 'text';
  }> {
    const items = list.items;
    let i = 1;
    const id = isId(items[i]) ? (items[i++] as Atom).text : undefined;
    const form = items[i];
    if (isAtom(form, 'definition') || isAtom(form, 'instance')) this.fail(form, `module ${form.text} is not supported`);
    const named = id !== undefined ? { name: id } : {};
    if (isAtom(form, 'binary')) {
      const n = this.moduleCount++;
      const bytes = concatBytes(this.strings(items.slice(i + 1), 'module binary'));
      const filename = `${this.stem}.${n}.wasm`;
      this.modules.set(filename, bytes);
      return { ...named, filename, bytes, moduleType: 'binary' };
    }
    if (isAtom(form, 'quote')) {
      const text = UTF8.decode(concatBytes(this.strings(items.slice(i + 1), 'module quote')));
      return { ...named, ...(await this.textModule(text, true, context)) };
    }
    return { ...named, ...(await this.textModule(this.reader.textOf(list), false, context)) };
  }

  /**
   * Encodes a text module (numbered as the next module file). An assertion's quote module stays
   * text (wast2json: `.wat`, module_type text), and so does any text wasm-tools rejected; a text
   * module that encoded is binary like wast2json's.
   */
  private async textModule(text: string, isQuote: boolean, context: string): Promise<{
    readonly filename: string; readonly bytes: Uint8Array | null; readonly moduleType: 'binary' | 'text';
  }> {
    const n = this.moduleCount++;
    let bytes: Uint8Array | null = null;
    let error: string | null = null;
    try {
      bytes = await this.encode(text);
    } catch (e) {
      error = parserMessage(e);
    }
    if (bytes !== null && !(isQuote && context !== 'module')) {
      const filename = `${this.stem}.${n}.wasm`;
      this.modules.set(filename, bytes);
      return { filename, bytes, moduleType: 'binary' };
    }
    const filename = `${this.stem}.${n}.wat`;
    this.modules.set(filename, { text, bytes, error });
    return { filename, bytes, moduleType: 'text' };
  }

  private strings(items: readonly SExpr[], what: string): Uint8Array[] {
    return items.map((s) => {
      if (s.kind !== 'string') this.fail(s, `${what}: expected strings`);
      return s.bytes;
    });
  }

  private action(list: List): Action {
    const head = headOf(list);
    if (head !== 'invoke' && head !== 'get') this.fail(list, `expected an action (invoke or get), found ${JSON.stringify(head)}`);
    const items = list.items;
    let i = 1;
    const module = isId(items[i]) ? { module: (items[i++] as Atom).text } : {};
    const field = items[i++];
    if (field?.kind !== 'string') this.fail(field ?? list, `${head}: expected an export name string`);
    if (head === 'get') {
      if (items.length > i) this.fail(list, 'get: too many operands');
      return { type: 'get', ...module, field: decodeName(field) };
    }
    return { type: 'invoke', ...module, field: decodeName(field), args: items.slice(i).map((a) => this.argument(a)) };
  }

  /** wast2json's `expected` of a command without result patterns: the export's result types. */
  private resultTypes(action: Action, at: List): JsonValue[] {
    const entry = action.module === undefined ? this.current : this.named.get(action.module);
    if (entry === null || entry === undefined) this.fail(at, `no module ${action.module ?? '(current)'} defined`);
    // A module that did not encode fails in the runner before any action on it; no types to give.
    if (entry.bytes === null) return [];
    entry.types ??= readExportTypes(entry.bytes);
    const types = action.type === 'get'
      ? [entry.types.globals.get(action.field)]
      : entry.types.functions.get(action.field);
    if (types === undefined || types.some((t) => t === undefined)) this.fail(at, `no export ${JSON.stringify(action.field)} of that kind`);
    return types.map((t) => ({ type: t as string }));
  }

  /** A constant of an argument: `(t.const v)`, `(ref.null ht)`, `(ref.extern N)`, `(ref.host N)`. */
  private argument(e: SExpr): JsonValue {
    const list = this.expectList(e, e as List, 'a constant');
    const head = headOf(list);
    const v = this.constant(list, false);
    if (v === null) this.fail(list, `unknown argument ${JSON.stringify(head)}`);
    return v;
  }

  /** A result pattern: a constant, a NaN pattern, a non-null reference pattern, `(either ...)`. */
  private result(e: SExpr): JsonExpected {
    if (e.kind !== 'list') this.fail(e, 'expected a result');
    const head = headOf(e);
    if (head === 'either') return { type: 'either', either: e.items.slice(1).map((r) => this.result(r)) };
    if (head === 'ref.null' && e.items.length === 1) return { type: 'refnull' };
    if (NON_NULL_PATTERNS[head] !== undefined && e.items.length === 1) return { type: NON_NULL_PATTERNS[head] };
    const v = this.constant(e, true);
    if (v === null) this.fail(e, `unknown result ${JSON.stringify(head)}`);
    return v;
  }

  /** A `(t.const ...)` / reference constant as wast2json writes it; null for an unknown head. */
  private constant(list: List, isPattern: boolean): JsonValue | null {
    const head = headOf(list);
    const ops = list.items.slice(1);
    const atom = (k: number): string => {
      const a = ops[k];
      if (!isAtom(a)) this.fail(a ?? list, `${head}: expected a literal`);
      return a.text;
    };
    const arity = (n: number): void => {
      if (ops.length !== n) this.fail(list, `${head}: expected ${n} operand${n === 1 ? '' : 's'}`);
    };
    try {
      switch (head) {
        case 'i32.const': arity(1); return { type: 'i32', value: String(intBits(atom(0), 32)) };
        case 'i64.const': arity(1); return { type: 'i64', value: String(intBits(atom(0), 64)) };
        case 'f32.const': arity(1); return { type: 'f32', value: String(floatBits(atom(0), 32, isPattern)) };
        case 'f64.const': arity(1); return { type: 'f64', value: String(floatBits(atom(0), 64, isPattern)) };
        case 'v128.const': {
          const shape = V128_SHAPES[atom(0)];
          if (shape === undefined) this.fail(list, `v128.const: unknown shape ${atom(0)}`);
          arity(shape.count + 1);
          const width = Number(shape.laneType.slice(1)) as 8 | 16 | 32 | 64;
          const lanes = ops.slice(1).map((_, k) => shape.laneType.startsWith('f')
            ? String(floatBits(atom(k + 1), width as 32 | 64, isPattern))
            : String(intBits(atom(k + 1), width)));
          return { type: 'v128', lane_type: shape.laneType, value: lanes };
        }
        case 'ref.null': {
          arity(1);
          const ht = atom(0);
          const type = NULL_TYPES[ht];
          if (type !== undefined) return { type, value: 'null' };
          if (/^[0-9]+$/.test(ht)) return { type: 'ref', value: 'null', heap_type: ht };
          return this.fail(list, `ref.null: unknown heap type ${ht}`);
        }
        case 'ref.extern':
        case 'ref.host':
          arity(1);
          return { type: head === 'ref.extern' ? 'externref' : 'anyref', value: String(intBits(atom(0), 32)) };
        default:
          return null;
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(`${this.filename}:`)) throw err;
      return this.fail(list, (err as Error).message);
    }
  }
}

/**
 * The message of a wasm-tools parse error. jco's ComponentError carries the Rust error's debug
 * form, e.g. `Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 0, col: 13,
 * ... }), ..., kind: Custom("expected `)`") } }) }`: the message is the custom text (or the debug
 * form of another kind, such as `Lex(ConfusingUnicode('\u{202e}'))`) and where in the module text.
 */
export function parserMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const custom = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(raw);
  const other = /kind: ((?:Lex|Unexpected|Eof)[^ ]*?\)?) \}/.exec(raw);
  const at = /text: Some\(Text \{ line: (\d+), col: (\d+)/.exec(raw);
  let message = raw;
  if (custom !== null) {
    try {
      message = JSON.parse(`"${custom[1]!}"`) as string;
    } catch {
      message = custom[1]!;
    }
  } else if (other !== null) {
    message = other[1]!;
  }
  return at === null ? message : `${message} (module text line ${Number(at[1]) + 1}, column ${Number(at[2]) + 1})`;
}

let defaultEncoder: WatEncoder | undefined;

/** wasm-tools' `wat` parser (loaded on first use: the jco component takes ~100 ms to start). */
export async function wasmToolsEncoder(): Promise<WatEncoder> {
  if (defaultEncoder === undefined) {
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    defaultEncoder = parse;
  }
  return defaultEncoder;
}

/**
 * Converts one `.wast` script. `path` names it (its basename is the source file name and the
 * module file stem, as wast2json's); `source` is its bytes (read from `path` when absent).
 */
export async function convertWast(path: string, source?: Uint8Array | string, encode?: WatEncoder): Promise<SpecFile> {
  const bytes = source === undefined
    ? new Uint8Array(readFileSync(path))
    : typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const filename = basename(path);
  const { commands, modules } = await new Converter(bytes, filename, encode ?? (await wasmToolsEncoder())).run();
  return { name: filename, dir: dirname(path), sourceFilename: filename, commands, modules };
}

/** Loads a spec file: a wast2json `.json` file, or a `.wast` script converted here. */
export async function loadSpec(path: string): Promise<SpecFile> {
  return path.endsWith('.wast') ? convertWast(path) : loadSpecFile(path);
}
