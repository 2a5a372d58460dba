/**
 * The gas profiler (issue 11, item 3): records, while a metered call runs, which function is the
 * innermost frame whenever gas is charged, as a call tree keyed by call path. It never changes gas:
 * it only reads the exact remaining gas (`m.checkpoint + gas` inside run(), `m.gas` outside) at
 * each frame change and charges the difference since the previous change to the frame that was
 * innermost. The differences telescope, so the exclusive gas of all frames sums exactly to the
 * gas spent between {@link Profiler.begin} and {@link Profiler.finish}, whatever happened between
 * (traps, out of gas, host failures, suspensions).
 *
 * Hooks (each behind one `m.profiler !== null` check, so a call without a profile pays one
 * predictable branch per call and return and allocates nothing):
 * - `enter(func, gasNow, false)` when a frame is pushed: execute() (the entry call), the call path
 *   of run(), callHost (host functions, before their call cost is charged);
 * - `enter(func, gasNow, true)` for a tail call: the callee replaces the innermost frame;
 * - `exit(gasNow)` when a frame is popped: the `return` op, a host function that returned (an
 *   async one when its Promise settled, in the driver);
 * - `unwindTo(depth, gasNow)` pops every frame above `depth` (its {@link depth} before): for a
 *   nested run that a host function caught the trap of, and for an unwinder that pops several
 *   wasm frames at once (exception handling: call it with the depth of the frame that catches,
 *   or call `exit` once per popped frame; both are the same);
 * - `finish(gasNow)` closes what a trap left open and ends the run.
 */
import type { FuncInst } from './runtime.js';
import type { FunctionGas, GasProfile, StackGas } from '../gas/profile.js';
import { compareFrames, compareText } from '../gas/profile.js';

export class Profiler {
  /** Functions in order of first entry, and their ids. */
  private readonly funcs: FuncInst[] = [];
  private readonly funcIds = new Map<FuncInst, number>();
  /** Per function id: calls, inclusive gas, activations on the stack now. */
  private readonly calls: number[] = [];
  private readonly inclusive: number[] = [];
  private readonly onStack: number[] = [];
  /** Call tree: node 0 is the root (no function); per node its function, parent, gas, calls. */
  private readonly nodeFunc: number[] = [-1];
  private readonly nodeParent: number[] = [-1];
  private readonly nodeGas: number[] = [0];
  private readonly nodeCalls: number[] = [0];
  private readonly nodeChildren: (Map<number, number> | null)[] = [null];
  /** Open frames: their tree node and the remaining gas when they were entered. */
  private readonly stackNodes: number[] = [];
  private readonly stackGas: number[] = [];
  /** Remaining gas at the last frame change. */
  private last = 0;

  /** Open frames (host frames and frames of nested runs included). */
  get depth(): number {
    return this.stackNodes.length;
  }

  /** Starts (or continues, for the contract VM's start function then method) with `gasNow` left. */
  begin(gasNow: number): void {
    this.last = gasNow;
  }

  private charge(gasNow: number): void {
    const n = this.stackNodes.length;
    this.nodeGas[n === 0 ? 0 : this.stackNodes[n - 1]!]! += this.last - gasNow;
    this.last = gasNow;
  }

  /** `func` is entered with `gasNow` left (before its call cost); `isTail`: it replaces the innermost frame. */
  enter(func: FuncInst, gasNow: number, isTail: boolean): void {
    if (isTail) this.exit(gasNow);
    else this.charge(gasNow);
    let id = this.funcIds.get(func);
    if (id === undefined) {
      id = this.funcs.length;
      this.funcs.push(func);
      this.funcIds.set(func, id);
      this.calls.push(0);
      this.inclusive.push(0);
      this.onStack.push(0);
    }
    const n = this.stackNodes.length;
    const parent = n === 0 ? 0 : this.stackNodes[n - 1]!;
    let children = this.nodeChildren[parent]!;
    if (children === null) this.nodeChildren[parent] = children = new Map();
    let node = children.get(id);
    if (node === undefined) {
      node = this.nodeFunc.length;
      children.set(id, node);
      this.nodeFunc.push(id);
      this.nodeParent.push(parent);
      this.nodeGas.push(0);
      this.nodeCalls.push(0);
      this.nodeChildren.push(null);
    }
    this.nodeCalls[node]!++;
    this.calls[id]!++;
    this.onStack[id]!++;
    this.stackNodes.push(node);
    this.stackGas.push(gasNow);
  }

  /** The innermost frame returns (or is popped) with `gasNow` left. */
  exit(gasNow: number): void {
    if (this.stackNodes.length === 0) return;
    this.charge(gasNow);
    const node = this.stackNodes.pop()!;
    const enteredWith = this.stackGas.pop()!;
    const id = this.nodeFunc[node]!;
    // Inclusive gas once per outermost activation: a recursive inner one is inside it already.
    if (--this.onStack[id]! === 0) this.inclusive[id]! += enteredWith - gasNow;
  }

  /** Pops frames until {@link depth} is `depth`. */
  unwindTo(depth: number, gasNow: number): void {
    while (this.stackNodes.length > depth) this.exit(gasNow);
  }

  /** Ends a run with `gasNow` left (limit minus the outcome's gasUsed): closes every open frame. */
  finish(gasNow: number): void {
    this.unwindTo(0, gasNow);
    this.charge(gasNow);
  }

  /** The profile so far (call after {@link finish}); frozen. */
  profile(): GasProfile {
    const names = this.funcs.map(nameOf);
    const exclusive = this.funcs.map(() => 0);
    let gasUsed = 0;
    const paths: string[][] = [[]];
    const stacks: StackGas[] = [];
    for (let node = 1; node < this.nodeFunc.length; node++) {
      const id = this.nodeFunc[node]!;
      const gas = this.nodeGas[node]!;
      exclusive[id]! += gas;
      gasUsed += gas;
      // A parent is always created before its children, so its path is known.
      const frames = [...paths[this.nodeParent[node]!]!, names[id]!];
      paths.push(frames);
      stacks.push(Object.freeze({ frames: Object.freeze(frames), calls: this.nodeCalls[node]!, exclusiveGas: gas }));
    }
    const unattributed = this.nodeGas[0]!;
    const functions: (FunctionGas & { readonly order: number })[] = this.funcs.map((f, id) => ({
      name: names[id]!, funcIdx: f.funcIdx, calls: this.calls[id]!, exclusiveGas: exclusive[id]!, inclusiveGas: this.inclusive[id]!, order: id,
    }));
    if (unattributed !== 0) {
      // Gas charged with no frame open (none today: every charge happens inside a frame); kept so
      // that the sum stays exact should a future charge happen outside.
      gasUsed += unattributed;
      const name = '(no function)';
      functions.push({ name, funcIdx: -1, calls: 0, exclusiveGas: unattributed, inclusiveGas: unattributed, order: functions.length });
      stacks.push(Object.freeze({ frames: Object.freeze([name]), calls: 0, exclusiveGas: unattributed }));
    }
    functions.sort((a, b) =>
      b.exclusiveGas - a.exclusiveGas || b.inclusiveGas - a.inclusiveGas || compareText(a.name, b.name) || a.order - b.order);
    stacks.sort((a, b) => compareFrames(a.frames, b.frames));
    return Object.freeze({
      gasUsed,
      functions: Object.freeze(functions.map(({ name, funcIdx, calls, exclusiveGas, inclusiveGas }) =>
        Object.freeze({ name, funcIdx, calls, exclusiveGas, inclusiveGas }))),
      stacks: Object.freeze(stacks),
    });
  }
}

/** A function's profile name: the name section's, else `func N`; a host function's import name. */
function nameOf(f: FuncInst): string {
  if (f.funcIdx < 0) return f.name === '' ? 'host function' : f.name;
  return f.name === '' ? `func ${f.funcIdx}` : f.name;
}

/** An empty, frozen profile (a call that failed before it ran). */
export const EMPTY_PROFILE: GasProfile = Object.freeze({ gasUsed: 0, functions: Object.freeze([]), stacks: Object.freeze([]) });
