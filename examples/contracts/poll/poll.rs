//! poll.rs: a poll (one vote per account) contract in Rust for the detwasm contract VM (ABI:
//! docs/ABI.md). no_std, no allocator, no dependencies: the `env` bindings, a flat-JSON reader
//! and a byte builder are written here. Build: scripts/build-rust-contracts.sh (Debian's rustc,
//! wasm32-unknown-unknown); the committed poll.wasm is what the tests run.
//!
//! Methods (each of type [] -> []; JSON args are a flat object of unsigned integers):
//!   open     {"options": N, "deadline": H}  opens a poll of N options (1 to 16), the caller is its
//!                                           chair; `deadline` (optional) is the last block height
//!                                           that takes votes; once only; emits "opened"
//!   vote     {"option": K}                  the caller's vote for option K (0 to N-1), once per
//!                                           account; outputs K's new count; emits "voted"
//!   close                                   the chair ends the poll; outputs and emits "closed"
//!                                           with {"winner":K,"votes":V} (a tie goes to the lower K)
//!   results                                 outputs {"open":true,"votes":[...]}
//! State: "chair" -> account; "options", "deadline" -> decimal; "closed" -> "1";
//! "votes:<K>" -> decimal (absent = 0); "voter:<account>" -> the option chosen.
//! Failures end the call through env.abort with a message ("abort: already voted", ...), so the
//! VM reports error kind `trap`, trap `abort`, and commits nothing.
#![no_std]

/// Bindings of the `env` host module (docs/ABI.md "The env module"): pointers and lengths are
/// i32 offsets in this module's memory 0.
mod env {
    #[link(wasm_import_module = "env")]
    extern "C" {
        pub fn input_length() -> i32;
        pub fn input_read(ptr: *mut u8);
        pub fn output_write(ptr: *const u8, len: i32);
        pub fn state_get(key_ptr: *const u8, key_len: i32, value_ptr: *mut u8, value_cap: i32) -> i32;
        pub fn state_set(key_ptr: *const u8, key_len: i32, value_ptr: *const u8, value_len: i32);
        pub fn caller(ptr: *mut u8, cap: i32) -> i32;
        pub fn block_height() -> i64;
        pub fn emit_event(name_ptr: *const u8, name_len: i32, data_ptr: *const u8, data_len: i32);
        pub fn log(ptr: *const u8, len: i32);
        pub fn abort(msg: *const u16, file: *const u16, line: i32, column: i32);
    }
}

const MAX_OPTIONS: u64 = 16;
/// Longest JSON args, caller ID and state value this contract reads (longer ones fail the call).
const ARGS_CAP: usize = 256;
const ACCOUNT_CAP: usize = 64;
const VALUE_CAP: usize = 64;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

// ---- safe wrappers of env ----

/// Ends the call with `abort: <msg>` (env.abort reads an AssemblyScript string: UTF-16LE code
/// units after a u32 byte length; `msg` is ASCII). Never returns.
fn fail(msg: &str) -> ! {
    let mut s = [0u16; 2 + 48];
    let n = if msg.len() < 48 { msg.len() } else { 48 };
    s[0] = (n * 2) as u16;
    for (unit, &b) in s[2..].iter_mut().zip(msg.as_bytes()) {
        *unit = b as u16;
    }
    unsafe {
        env::abort(s.as_ptr().add(2), core::ptr::null(), 0, 0);
    }
    core::arch::wasm32::unreachable()
}

/// The JSON args, read into `buf`.
fn input(buf: &mut [u8; ARGS_CAP]) -> &[u8] {
    let n = unsafe { env::input_length() } as u32 as usize;
    if n > ARGS_CAP {
        fail("args too long");
    }
    unsafe { env::input_read(buf.as_mut_ptr()) };
    &buf[..n]
}

fn output(bytes: &[u8]) {
    unsafe { env::output_write(bytes.as_ptr(), bytes.len() as i32) }
}

fn emit(name: &str, data: &[u8]) {
    unsafe { env::emit_event(name.as_ptr(), name.len() as i32, data.as_ptr(), data.len() as i32) }
}

fn log(text: &[u8]) {
    unsafe { env::log(text.as_ptr(), text.len() as i32) }
}

/// The caller's account ID, read into `buf`; an empty one (no caller) fails the call.
fn caller(buf: &mut [u8; ACCOUNT_CAP]) -> &[u8] {
    let n = unsafe { env::caller(buf.as_mut_ptr(), ACCOUNT_CAP as i32) } as u32 as usize;
    if n > ACCOUNT_CAP {
        fail("caller ID too long");
    }
    if n == 0 {
        fail("no caller");
    }
    &buf[..n]
}

/// The value stored under `key`, read into `buf`, or None.
fn get<'a>(key: &[u8], buf: &'a mut [u8; VALUE_CAP]) -> Option<&'a [u8]> {
    let n = unsafe { env::state_get(key.as_ptr(), key.len() as i32, buf.as_mut_ptr(), VALUE_CAP as i32) };
    if n < 0 {
        return None;
    }
    if n as usize > VALUE_CAP {
        fail("state value too long");
    }
    Some(&buf[..n as usize])
}

fn set(key: &[u8], value: &[u8]) {
    unsafe { env::state_set(key.as_ptr(), key.len() as i32, value.as_ptr(), value.len() as i32) }
}

/// The decimal number stored under `key`, or None.
fn get_u64(key: &[u8]) -> Option<u64> {
    let mut buf = [0u8; VALUE_CAP];
    match get(key, &mut buf) {
        None => None,
        Some(text) => match parse_u64(text) {
            Some(v) => Some(v),
            None => fail("corrupt state"),
        },
    }
}

fn set_u64(key: &[u8], v: u64) {
    let mut b = Buf::new();
    b.u64(v);
    set(key, b.bytes());
}

// ---- bytes ----

/// A fixed-capacity byte builder (keys, event data, output); overflowing it fails the call.
struct Buf {
    data: [u8; 160],
    len: usize,
}

impl Buf {
    fn new() -> Buf {
        Buf { data: [0; 160], len: 0 }
    }

    fn bytes(&self) -> &[u8] {
        &self.data[..self.len]
    }

    fn push(&mut self, bytes: &[u8]) -> &mut Buf {
        if bytes.len() > self.data.len() - self.len {
            fail("buffer full");
        }
        self.data[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
        self
    }

    fn u64(&mut self, mut v: u64) -> &mut Buf {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.push(&digits[i..])
    }

    /// `text` as a JSON string: quoted, with `"`, `\` and control characters escaped.
    fn json_str(&mut self, text: &[u8]) -> &mut Buf {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.push(b"\"");
        for &c in text {
            match c {
                b'"' | b'\\' => self.push(&[b'\\', c]),
                0..=0x1f => self.push(&[b'\\', b'u', b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]),
                _ => self.push(&[c]),
            };
        }
        self.push(b"\"")
    }
}

fn parse_u64(text: &[u8]) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in text {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
    }
    Some(v)
}

// ---- a flat-JSON reader: one object of unsigned integers, with strings allowed as keys ----

struct Json<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Json<'a> {
    fn peek(&self) -> u8 {
        if self.i < self.s.len() { self.s[self.i] } else { 0 }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        if self.peek() != c {
            fail("bad JSON args");
        }
        self.i += 1;
    }

    /// A string without escapes (a key).
    fn key(&mut self) -> &'a [u8] {
        self.eat(b'"');
        let start = self.i;
        loop {
            match self.peek() {
                b'"' => break,
                b'\\' | 0 => fail("bad JSON args"),
                _ => self.i += 1,
            }
        }
        self.i += 1;
        &self.s[start..self.i - 1]
    }

    /// An unsigned integer (JSON number syntax: no leading zeros, no sign, fraction or exponent).
    fn number(&mut self) -> u64 {
        self.ws();
        let start = self.i;
        while self.peek().is_ascii_digit() {
            self.i += 1;
        }
        let digits = &self.s[start..self.i];
        if digits.len() > 1 && digits[0] == b'0' {
            fail("bad JSON args");
        }
        if matches!(self.peek(), b'.' | b'e' | b'E') {
            fail("numbers must be unsigned integers");
        }
        match parse_u64(digits) {
            Some(v) => v,
            None if digits.is_empty() => fail("numbers must be unsigned integers"),
            None => fail("number too large"),
        }
    }
}

/// The field `key` of the JSON object `args` (every value an unsigned integer), or None. The
/// whole object is checked on every lookup: anything else fails the call.
fn field(args: &[u8], key: &[u8]) -> Option<u64> {
    let mut p = Json { s: args, i: 0 };
    let mut found = None;
    p.eat(b'{');
    p.ws();
    if p.peek() == b'}' {
        p.i += 1;
    } else {
        loop {
            let k = p.key();
            p.eat(b':');
            let v = p.number();
            if k == key {
                if found.is_some() {
                    fail("duplicate field");
                }
                found = Some(v);
            }
            p.ws();
            match p.peek() {
                b',' => p.i += 1,
                b'}' => {
                    p.i += 1;
                    break;
                }
                _ => fail("bad JSON args"),
            }
        }
    }
    p.ws();
    if p.i != args.len() {
        fail("bad JSON args");
    }
    found
}

fn required(args: &[u8], key: &[u8], missing: &str) -> u64 {
    match field(args, key) {
        Some(v) => v,
        None => fail(missing),
    }
}

fn votes_key(option: u64) -> Buf {
    let mut k = Buf::new();
    k.push(b"votes:").u64(option);
    k
}

fn options() -> u64 {
    match get_u64(b"options") {
        Some(n) => n,
        None => fail("no poll"),
    }
}

// ---- methods ----

#[no_mangle]
pub extern "C" fn open() {
    let mut a = [0u8; ARGS_CAP];
    let args = input(&mut a);
    let n = required(args, b"options", "missing field options");
    let deadline = field(args, b"deadline");
    if n == 0 || n > MAX_OPTIONS {
        fail("options must be 1 to 16");
    }
    if get_u64(b"options").is_some() {
        fail("poll already open");
    }
    let mut c = [0u8; ACCOUNT_CAP];
    let chair = caller(&mut c);
    set(b"chair", chair);
    set_u64(b"options", n);
    let mut e = Buf::new();
    e.push(b"{\"chair\":").json_str(chair).push(b",\"options\":").u64(n);
    if let Some(h) = deadline {
        set_u64(b"deadline", h);
        e.push(b",\"deadline\":").u64(h);
    }
    e.push(b"}");
    emit("opened", e.bytes());
}

#[no_mangle]
pub extern "C" fn vote() {
    let mut a = [0u8; ARGS_CAP];
    let args = input(&mut a);
    let option = required(args, b"option", "missing field option");
    let n = options();
    if get_u64(b"closed").is_some() {
        fail("poll closed");
    }
    if let Some(h) = get_u64(b"deadline") {
        if unsafe { env::block_height() } as u64 > h {
            fail("voting ended");
        }
    }
    if option >= n {
        fail("no such option");
    }
    let mut c = [0u8; ACCOUNT_CAP];
    let voter = caller(&mut c);
    let mut vk = Buf::new();
    vk.push(b"voter:").push(voter);
    if get_u64(vk.bytes()).is_some() {
        fail("already voted");
    }
    set_u64(vk.bytes(), option);
    let key = votes_key(option);
    let count = get_u64(key.bytes()).unwrap_or(0) + 1;
    set_u64(key.bytes(), count);
    let mut e = Buf::new();
    e.push(b"{\"voter\":").json_str(voter).push(b",\"option\":").u64(option).push(b"}");
    emit("voted", e.bytes());
    let mut out = Buf::new();
    output(out.u64(count).bytes());
}

#[no_mangle]
pub extern "C" fn close() {
    let n = options();
    let mut cb = [0u8; VALUE_CAP];
    let chair = match get(b"chair", &mut cb) {
        Some(id) => id,
        None => fail("corrupt state"),
    };
    let mut c = [0u8; ACCOUNT_CAP];
    if caller(&mut c) != chair {
        fail("only the chair can close");
    }
    if get_u64(b"closed").is_some() {
        fail("poll closed");
    }
    set(b"closed", b"1");
    let (mut winner, mut best) = (0, 0);
    for k in 0..n {
        let v = get_u64(votes_key(k).bytes()).unwrap_or(0);
        if v > best {
            winner = k;
            best = v;
        }
    }
    let mut e = Buf::new();
    e.push(b"{\"winner\":").u64(winner).push(b",\"votes\":").u64(best).push(b"}");
    emit("closed", e.bytes());
    output(e.bytes());
    log(b"poll closed");
}

#[no_mangle]
pub extern "C" fn results() {
    let n = options();
    let mut out = Buf::new();
    let head: &[u8] = if get_u64(b"closed").is_some() { b"{\"open\":false,\"votes\":[" } else { b"{\"open\":true,\"votes\":[" };
    out.push(head);
    for k in 0..n {
        if k > 0 {
            out.push(b",");
        }
        out.u64(get_u64(votes_key(k).bytes()).unwrap_or(0));
    }
    out.push(b"]}");
    output(out.bytes());
}
