// token.ts: a fungible-token contract in AssemblyScript for the detwasm contract VM (ABI:
// docs/ABI.md). Build: scripts/build-contracts.sh (asc --runtime stub -O3); the committed
// token.wasm is what the tests run, and test/vm/examples.test.ts checks it matches this source.
//
// Methods (each of type [] -> []; JSON args; amounts are u64):
//   init         {"supply": N}               gives N tokens to the caller; once only
//   transfer     {"to": "bob", "amount": N}  moves N tokens from the caller; emits "transfer"
//                                            with {"from":..,"to":..,"amount":N}; outputs the
//                                            caller's new balance
//   balance_of   {"account": "alice"}        outputs the balance
//   total_supply                             outputs the supply
// State: "supply" -> decimal text; "balance:<account>" -> decimal text (absent = 0).
// Failures abort with a message (env.abort): "already initialized", "insufficient balance", ...

@external("env", "input_length")
declare function input_length(): i32;
@external("env", "input_read")
declare function input_read(ptr: usize): void;
@external("env", "output_write")
declare function output_write(ptr: usize, len: i32): void;
@external("env", "state_get")
declare function state_get(keyPtr: usize, keyLen: i32, valuePtr: usize, valueCap: i32): i32;
@external("env", "state_set")
declare function state_set(keyPtr: usize, keyLen: i32, valuePtr: usize, valueLen: i32): void;
@external("env", "caller")
declare function env_caller(ptr: usize, cap: i32): i32;
@external("env", "emit_event")
declare function emit_event(namePtr: usize, nameLen: i32, dataPtr: usize, dataLen: i32): void;
@external("env", "log")
declare function env_log(ptr: usize, len: i32): void;

// ---- host helpers ----

function readArgs(): string {
  const n = input_length();
  const buf = new ArrayBuffer(n);
  input_read(changetype<usize>(buf));
  return String.UTF8.decode(buf);
}

function output(text: string): void {
  const b = String.UTF8.encode(text);
  output_write(changetype<usize>(b), b.byteLength);
}

function log(text: string): void {
  const b = String.UTF8.encode(text);
  env_log(changetype<usize>(b), b.byteLength);
}

function caller(): string {
  let buf = new ArrayBuffer(64);
  const n = env_caller(changetype<usize>(buf), 64);
  if (n > 64) {
    buf = new ArrayBuffer(n);
    env_caller(changetype<usize>(buf), n);
  }
  return String.UTF8.decode(buf.slice(0, n));
}

/** The value under `key` as text, or "" when absent. */
function getState(key: string): string {
  const k = String.UTF8.encode(key);
  let buf = new ArrayBuffer(32);
  const n = state_get(changetype<usize>(k), k.byteLength, changetype<usize>(buf), 32);
  if (n < 0) return "";
  if (n > 32) {
    buf = new ArrayBuffer(n);
    state_get(changetype<usize>(k), k.byteLength, changetype<usize>(buf), n);
  }
  return String.UTF8.decode(buf.slice(0, n));
}

function setState(key: string, value: string): void {
  const k = String.UTF8.encode(key);
  const v = String.UTF8.encode(value);
  state_set(changetype<usize>(k), k.byteLength, changetype<usize>(v), v.byteLength);
}

function emit(name: string, data: string): void {
  const n = String.UTF8.encode(name);
  const d = String.UTF8.encode(data);
  emit_event(changetype<usize>(n), n.byteLength, changetype<usize>(d), d.byteLength);
}

// ---- a small JSON reader: flat objects of strings (no escapes) and unsigned integers ----

/** Index just past `"key":` (and spaces) in `json`; aborts when the key is missing. */
function fieldStart(json: string, key: string): i32 {
  const at = json.indexOf('"' + key + '"');
  if (at < 0) throw new Error("missing field " + key);
  let i = at + key.length + 2;
  while (i < json.length && (json.charCodeAt(i) == 32 || json.charCodeAt(i) == 58)) i++;
  return i;
}

function jsonString(json: string, key: string): string {
  const i = fieldStart(json, key);
  if (i >= json.length || json.charCodeAt(i) != 34) throw new Error("field " + key + " must be a string");
  const end = json.indexOf('"', i + 1);
  if (end < 0) throw new Error("unterminated string");
  const s = json.substring(i + 1, end);
  if (s.indexOf("\\") >= 0) throw new Error("escapes are not supported");
  return s;
}

function parseU64(text: string, from: i32, what: string): u64 {
  let v: u64 = 0;
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    if (v > (u64.MAX_VALUE - <u64>c) / 10) throw new Error(what + " overflows u64");
    v = v * 10 + <u64>c;
    i++;
  }
  if (i == from) throw new Error(what + " must be an unsigned integer");
  return v;
}

function jsonU64(json: string, key: string): u64 {
  return parseU64(json, fieldStart(json, key), key);
}

function balanceOf(account: string): u64 {
  const s = getState("balance:" + account);
  return s.length == 0 ? 0 : parseU64(s, 0, "balance");
}

// ---- methods ----

export function init(): void {
  assert(getState("supply").length == 0, "already initialized");
  const supply = jsonU64(readArgs(), "supply");
  const owner = caller();
  setState("supply", supply.toString());
  setState("balance:" + owner, supply.toString());
  log("minted " + supply.toString() + " to " + owner);
}

export function transfer(): void {
  const args = readArgs();
  const to = jsonString(args, "to");
  const amount = jsonU64(args, "amount");
  assert(amount > 0, "amount must be positive");
  const from = caller();
  const fromBalance = balanceOf(from);
  assert(fromBalance >= amount, "insufficient balance");
  setState("balance:" + from, (fromBalance - amount).toString());
  const toBalance = balanceOf(to);
  assert(toBalance <= u64.MAX_VALUE - amount, "balance overflows u64");
  setState("balance:" + to, (toBalance + amount).toString());
  emit("transfer", '{"from":"' + from + '","to":"' + to + '","amount":' + amount.toString() + "}");
  output(balanceOf(from).toString());
}

export function balance_of(): void {
  output(balanceOf(jsonString(readArgs(), "account")).toString());
}

export function total_supply(): void {
  const s = getState("supply");
  output(s.length == 0 ? "0" : s);
}
