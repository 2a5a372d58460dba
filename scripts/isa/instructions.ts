/**
 * The facts of every WebAssembly instruction (spec §5.4 binary opcodes, §3.3 typing), written once.
 * scripts/gen.ts turns this table (with the semantic bodies of scripts/isa/semantics.ts and
 * scripts/isa/simd.ts) into the decoder's opcode tables, the IR op numbers, the dispatch cases,
 * the translator's tables and the per-op docs; nothing in src/ keeps a second copy.
 *
 * One line per instruction, grouped under `## <feature>` headings (the feature that introduced it):
 *
 *   <dense opcode> <mnemonic> <immediate kind> <signature | -> <gas class> [key=value | flag]...
 *
 * - dense opcode (hex): single-byte opcodes as themselves, `0xFC n` as 0x100 + n, `0xFD n` as
 *   0x200 + n (relaxed SIMD, `0xFD 0x100..`, lands at 0x300..), `0xFB n` (GC) as 0x400 + n;
 * - signature: one letter per value (`i` i32, `I` i64, `f` f32, `F` f64, `v` v128), params before
 *   the colon; `-` where typing is special (control, locals, references, ...);
 * - gas class: what a per-class gas schedule prices the instruction as (gas/schedule.ts);
 * - `align=N`: log2 of a memory access's natural alignment;
 * - `traps=a,b`: the traps the instruction itself raises (names of scripts/isa/traps.ts);
 * - `comm`: commutative; `not=X`: the compare that is true exactly when this one is false;
 *   `swap=X`: the compare `b op a` written as `a X b`;
 * - `forms=...`: the fused operand forms the translator may use: `c` (a constant second
 *   operand), `br` (a compare folded into br_if / if), `addr` (an `i32.add` folded into a load's or
 *   store's address), `ck` (a store of a constant).
 */

export const INSTRUCTION_TABLE = `
## mvp
00 unreachable none - control traps=unreachable
01 nop none - control
02 block block - control
03 loop block - control
04 if block - control
05 else none - control
0b end none - control
0c br label - control
0d br_if label - control
0e br_table br_table - control
0f return none - control
10 call func - call traps=callStackExhausted
11 call_indirect call_indirect - callIndirect traps=undefinedElement,uninitializedElement,indirectCallTypeMismatch,callStackExhausted
1a drop none - control
1b select none - control
20 local.get local - variable
21 local.set local - variable
22 local.tee local - variable
23 global.get global - variable
24 global.set global - variable
28 i32.load memarg i:i load align=2 traps=memoryOutOfBounds forms=addr
29 i64.load memarg i:I load align=3 traps=memoryOutOfBounds forms=addr
2a f32.load memarg i:f load align=2 traps=memoryOutOfBounds forms=addr
2b f64.load memarg i:F load align=3 traps=memoryOutOfBounds forms=addr
2c i32.load8_s memarg i:i load align=0 traps=memoryOutOfBounds forms=addr
2d i32.load8_u memarg i:i load align=0 traps=memoryOutOfBounds forms=addr
2e i32.load16_s memarg i:i load align=1 traps=memoryOutOfBounds forms=addr
2f i32.load16_u memarg i:i load align=1 traps=memoryOutOfBounds forms=addr
30 i64.load8_s memarg i:I load align=0 traps=memoryOutOfBounds
31 i64.load8_u memarg i:I load align=0 traps=memoryOutOfBounds
32 i64.load16_s memarg i:I load align=1 traps=memoryOutOfBounds
33 i64.load16_u memarg i:I load align=1 traps=memoryOutOfBounds
34 i64.load32_s memarg i:I load align=2 traps=memoryOutOfBounds
35 i64.load32_u memarg i:I load align=2 traps=memoryOutOfBounds
36 i32.store memarg ii: store align=2 traps=memoryOutOfBounds forms=addr,ck
37 i64.store memarg iI: store align=3 traps=memoryOutOfBounds forms=addr,ck
38 f32.store memarg if: store align=2 traps=memoryOutOfBounds forms=addr,ck
39 f64.store memarg iF: store align=3 traps=memoryOutOfBounds forms=addr,ck
3a i32.store8 memarg ii: store align=0 traps=memoryOutOfBounds forms=addr,ck
3b i32.store16 memarg ii: store align=1 traps=memoryOutOfBounds forms=addr,ck
3c i64.store8 memarg iI: store align=0 traps=memoryOutOfBounds forms=ck
3d i64.store16 memarg iI: store align=1 traps=memoryOutOfBounds forms=ck
3e i64.store32 memarg iI: store align=2 traps=memoryOutOfBounds forms=ck
3f memory.size mem :i memory
40 memory.grow mem i:i memory
41 i32.const i32 :i const
42 i64.const i64 :I const
43 f32.const f32 :f const
44 f64.const f64 :F const
45 i32.eqz none i:i integer forms=br
46 i32.eq none ii:i integer comm not=i32.ne swap=i32.eq forms=c,br
47 i32.ne none ii:i integer comm not=i32.eq swap=i32.ne forms=c,br
48 i32.lt_s none ii:i integer not=i32.ge_s swap=i32.gt_s forms=c,br
49 i32.lt_u none ii:i integer not=i32.ge_u swap=i32.gt_u forms=c,br
4a i32.gt_s none ii:i integer not=i32.le_s swap=i32.lt_s forms=c,br
4b i32.gt_u none ii:i integer not=i32.le_u swap=i32.lt_u forms=c,br
4c i32.le_s none ii:i integer not=i32.gt_s swap=i32.ge_s forms=c,br
4d i32.le_u none ii:i integer not=i32.gt_u swap=i32.ge_u forms=c,br
4e i32.ge_s none ii:i integer not=i32.lt_s swap=i32.le_s forms=c,br
4f i32.ge_u none ii:i integer not=i32.lt_u swap=i32.le_u forms=c,br
50 i64.eqz none I:i integer
51 i64.eq none II:i integer comm
52 i64.ne none II:i integer comm
53 i64.lt_s none II:i integer
54 i64.lt_u none II:i integer
55 i64.gt_s none II:i integer
56 i64.gt_u none II:i integer
57 i64.le_s none II:i integer
58 i64.le_u none II:i integer
59 i64.ge_s none II:i integer
5a i64.ge_u none II:i integer
5b f32.eq none ff:i float comm
5c f32.ne none ff:i float comm
5d f32.lt none ff:i float
5e f32.gt none ff:i float
5f f32.le none ff:i float
60 f32.ge none ff:i float
61 f64.eq none FF:i float comm
62 f64.ne none FF:i float comm
63 f64.lt none FF:i float
64 f64.gt none FF:i float
65 f64.le none FF:i float
66 f64.ge none FF:i float
67 i32.clz none i:i integer
68 i32.ctz none i:i integer
69 i32.popcnt none i:i integer
6a i32.add none ii:i integer comm forms=c
6b i32.sub none ii:i integer forms=c
6c i32.mul none ii:i integer comm forms=c
6d i32.div_s none ii:i division traps=divideByZero,integerOverflow
6e i32.div_u none ii:i division traps=divideByZero
6f i32.rem_s none ii:i division traps=divideByZero
70 i32.rem_u none ii:i division traps=divideByZero
71 i32.and none ii:i integer comm forms=c
72 i32.or none ii:i integer comm forms=c
73 i32.xor none ii:i integer comm forms=c
74 i32.shl none ii:i integer forms=c
75 i32.shr_s none ii:i integer forms=c
76 i32.shr_u none ii:i integer forms=c
77 i32.rotl none ii:i integer forms=c
78 i32.rotr none ii:i integer forms=c
79 i64.clz none I:I integer
7a i64.ctz none I:I integer
7b i64.popcnt none I:I integer
7c i64.add none II:I integer comm forms=c
7d i64.sub none II:I integer forms=c
7e i64.mul none II:I integer comm forms=c
7f i64.div_s none II:I division traps=divideByZero,integerOverflow
80 i64.div_u none II:I division traps=divideByZero
81 i64.rem_s none II:I division traps=divideByZero
82 i64.rem_u none II:I division traps=divideByZero
83 i64.and none II:I integer comm forms=c
84 i64.or none II:I integer comm forms=c
85 i64.xor none II:I integer comm forms=c
86 i64.shl none II:I integer forms=c
87 i64.shr_s none II:I integer forms=c
88 i64.shr_u none II:I integer forms=c
89 i64.rotl none II:I integer forms=c
8a i64.rotr none II:I integer forms=c
8b f32.abs none f:f float
8c f32.neg none f:f float
8d f32.ceil none f:f float
8e f32.floor none f:f float
8f f32.trunc none f:f float
90 f32.nearest none f:f float
91 f32.sqrt none f:f float
92 f32.add none ff:f float comm
93 f32.sub none ff:f float
94 f32.mul none ff:f float comm
95 f32.div none ff:f float
96 f32.min none ff:f float comm
97 f32.max none ff:f float comm
98 f32.copysign none ff:f float
99 f64.abs none F:F float
9a f64.neg none F:F float
9b f64.ceil none F:F float
9c f64.floor none F:F float
9d f64.trunc none F:F float
9e f64.nearest none F:F float
9f f64.sqrt none F:F float
a0 f64.add none FF:F float comm
a1 f64.sub none FF:F float
a2 f64.mul none FF:F float comm
a3 f64.div none FF:F float
a4 f64.min none FF:F float comm
a5 f64.max none FF:F float comm
a6 f64.copysign none FF:F float
a7 i32.wrap_i64 none I:i conversion
a8 i32.trunc_f32_s none f:i conversion traps=integerOverflow,invalidConversion
a9 i32.trunc_f32_u none f:i conversion traps=integerOverflow,invalidConversion
aa i32.trunc_f64_s none F:i conversion traps=integerOverflow,invalidConversion
ab i32.trunc_f64_u none F:i conversion traps=integerOverflow,invalidConversion
ac i64.extend_i32_s none i:I conversion
ad i64.extend_i32_u none i:I conversion
ae i64.trunc_f32_s none f:I conversion traps=integerOverflow,invalidConversion
af i64.trunc_f32_u none f:I conversion traps=integerOverflow,invalidConversion
b0 i64.trunc_f64_s none F:I conversion traps=integerOverflow,invalidConversion
b1 i64.trunc_f64_u none F:I conversion traps=integerOverflow,invalidConversion
b2 f32.convert_i32_s none i:f conversion
b3 f32.convert_i32_u none i:f conversion
b4 f32.convert_i64_s none I:f conversion
b5 f32.convert_i64_u none I:f conversion
b6 f32.demote_f64 none F:f conversion
b7 f64.convert_i32_s none i:F conversion
b8 f64.convert_i32_u none i:F conversion
b9 f64.convert_i64_s none I:F conversion
ba f64.convert_i64_u none I:F conversion
bb f64.promote_f32 none f:F conversion
bc i32.reinterpret_f32 none f:i conversion
bd i64.reinterpret_f64 none F:I conversion
be f32.reinterpret_i32 none i:f conversion
bf f64.reinterpret_i64 none I:F conversion

## sign-extension
c0 i32.extend8_s none i:i integer
c1 i32.extend16_s none i:i integer
c2 i64.extend8_s none I:I integer
c3 i64.extend16_s none I:I integer
c4 i64.extend32_s none I:I integer

## saturating-float-to-int
100 i32.trunc_sat_f32_s none f:i conversion
101 i32.trunc_sat_f32_u none f:i conversion
102 i32.trunc_sat_f64_s none F:i conversion
103 i32.trunc_sat_f64_u none F:i conversion
104 i64.trunc_sat_f32_s none f:I conversion
105 i64.trunc_sat_f32_u none f:I conversion
106 i64.trunc_sat_f64_s none F:I conversion
107 i64.trunc_sat_f64_u none F:I conversion

## bulk-memory
108 memory.init memory_init iii: memory traps=memoryOutOfBounds
109 data.drop data - memory
10a memory.copy memory_copy iii: memory traps=memoryOutOfBounds
10b memory.fill memory_fill iii: memory traps=memoryOutOfBounds
10c table.init table_init iii: table traps=tableOutOfBounds
10d elem.drop elem - table
10e table.copy table_copy iii: table traps=tableOutOfBounds

## reference-types
1c select_t select_t - control
25 table.get table - table traps=tableOutOfBounds
26 table.set table - table traps=tableOutOfBounds
10f table.grow table - table
110 table.size table - table
111 table.fill table - table traps=tableOutOfBounds
d0 ref.null reftype - reference
d1 ref.is_null none - reference
d2 ref.func func - reference

## tail-call
12 return_call func - call traps=callStackExhausted
13 return_call_indirect call_indirect - callIndirect traps=undefinedElement,uninitializedElement,indirectCallTypeMismatch,callStackExhausted

## exceptions
08 throw tag - control
0a throw_ref none - control traps=nullExceptionReference
1f try_table try_table - control

## legacy-exceptions
06 try block - control
07 catch tag - control
19 catch_all none - control
18 delegate label - control
09 rethrow label - control

## function-references
14 call_ref type - call traps=nullFunctionReference,callStackExhausted
15 return_call_ref type - call traps=nullFunctionReference,callStackExhausted
d4 ref.as_non_null none - reference traps=nullReference
d5 br_on_null label - control
d6 br_on_non_null label - control

## gc
d3 ref.eq none - reference
400 struct.new type - gc traps=gcHeapExhausted
401 struct.new_default type - gc traps=gcHeapExhausted
402 struct.get type_field - gc traps=nullStructureReference
403 struct.get_s type_field - gc traps=nullStructureReference
404 struct.get_u type_field - gc traps=nullStructureReference
405 struct.set type_field - gc traps=nullStructureReference
406 array.new type - gc traps=gcHeapExhausted
407 array.new_default type - gc traps=gcHeapExhausted
408 array.new_fixed type_count - gc traps=gcHeapExhausted
409 array.new_data type_data - gc traps=gcHeapExhausted,memoryOutOfBounds
40a array.new_elem type_elem - gc traps=gcHeapExhausted,tableOutOfBounds
40b array.get type - gc traps=nullArrayReference,arrayOutOfBounds
40c array.get_s type - gc traps=nullArrayReference,arrayOutOfBounds
40d array.get_u type - gc traps=nullArrayReference,arrayOutOfBounds
40e array.set type - gc traps=nullArrayReference,arrayOutOfBounds
40f array.len none - gc traps=nullArrayReference
410 array.fill type - gc traps=nullArrayReference,arrayOutOfBounds
411 array.copy type_type - gc traps=nullArrayReference,arrayOutOfBounds
412 array.init_data type_data - gc traps=nullArrayReference,arrayOutOfBounds,memoryOutOfBounds
413 array.init_elem type_elem - gc traps=nullArrayReference,arrayOutOfBounds,tableOutOfBounds
414 ref.test heap - reference
415 ref.test_null heap - reference
416 ref.cast heap - reference traps=castFailure
417 ref.cast_null heap - reference traps=castFailure
418 br_on_cast br_on_cast - control
419 br_on_cast_fail br_on_cast - control
41a any.convert_extern none - reference
41b extern.convert_any none - reference
41c ref.i31 none - reference
41d i31.get_s none - reference traps=nullI31Reference
41e i31.get_u none - reference traps=nullI31Reference

## simd
200 v128.load memarg i:v simd align=4 traps=memoryOutOfBounds
201 v128.load8x8_s memarg i:v simd align=3 traps=memoryOutOfBounds
202 v128.load8x8_u memarg i:v simd align=3 traps=memoryOutOfBounds
203 v128.load16x4_s memarg i:v simd align=3 traps=memoryOutOfBounds
204 v128.load16x4_u memarg i:v simd align=3 traps=memoryOutOfBounds
205 v128.load32x2_s memarg i:v simd align=3 traps=memoryOutOfBounds
206 v128.load32x2_u memarg i:v simd align=3 traps=memoryOutOfBounds
207 v128.load8_splat memarg i:v simd align=0 traps=memoryOutOfBounds
208 v128.load16_splat memarg i:v simd align=1 traps=memoryOutOfBounds
209 v128.load32_splat memarg i:v simd align=2 traps=memoryOutOfBounds
20a v128.load64_splat memarg i:v simd align=3 traps=memoryOutOfBounds
20b v128.store memarg iv: simd align=4 traps=memoryOutOfBounds
20c v128.const v128 :v simd
20d i8x16.shuffle shuffle vv:v simd
20e i8x16.swizzle none vv:v simd
20f i8x16.splat none i:v simd
210 i16x8.splat none i:v simd
211 i32x4.splat none i:v simd
212 i64x2.splat none I:v simd
213 f32x4.splat none f:v simd
214 f64x2.splat none F:v simd
215 i8x16.extract_lane_s lane v:i simd
216 i8x16.extract_lane_u lane v:i simd
217 i8x16.replace_lane lane vi:v simd
218 i16x8.extract_lane_s lane v:i simd
219 i16x8.extract_lane_u lane v:i simd
21a i16x8.replace_lane lane vi:v simd
21b i32x4.extract_lane lane v:i simd
21c i32x4.replace_lane lane vi:v simd
21d i64x2.extract_lane lane v:I simd
21e i64x2.replace_lane lane vI:v simd
21f f32x4.extract_lane lane v:f simd
220 f32x4.replace_lane lane vf:v simd
221 f64x2.extract_lane lane v:F simd
222 f64x2.replace_lane lane vF:v simd
223 i8x16.eq none vv:v simd
224 i8x16.ne none vv:v simd
225 i8x16.lt_s none vv:v simd
226 i8x16.lt_u none vv:v simd
227 i8x16.gt_s none vv:v simd
228 i8x16.gt_u none vv:v simd
229 i8x16.le_s none vv:v simd
22a i8x16.le_u none vv:v simd
22b i8x16.ge_s none vv:v simd
22c i8x16.ge_u none vv:v simd
22d i16x8.eq none vv:v simd
22e i16x8.ne none vv:v simd
22f i16x8.lt_s none vv:v simd
230 i16x8.lt_u none vv:v simd
231 i16x8.gt_s none vv:v simd
232 i16x8.gt_u none vv:v simd
233 i16x8.le_s none vv:v simd
234 i16x8.le_u none vv:v simd
235 i16x8.ge_s none vv:v simd
236 i16x8.ge_u none vv:v simd
237 i32x4.eq none vv:v simd
238 i32x4.ne none vv:v simd
239 i32x4.lt_s none vv:v simd
23a i32x4.lt_u none vv:v simd
23b i32x4.gt_s none vv:v simd
23c i32x4.gt_u none vv:v simd
23d i32x4.le_s none vv:v simd
23e i32x4.le_u none vv:v simd
23f i32x4.ge_s none vv:v simd
240 i32x4.ge_u none vv:v simd
241 f32x4.eq none vv:v simd
242 f32x4.ne none vv:v simd
243 f32x4.lt none vv:v simd
244 f32x4.gt none vv:v simd
245 f32x4.le none vv:v simd
246 f32x4.ge none vv:v simd
247 f64x2.eq none vv:v simd
248 f64x2.ne none vv:v simd
249 f64x2.lt none vv:v simd
24a f64x2.gt none vv:v simd
24b f64x2.le none vv:v simd
24c f64x2.ge none vv:v simd
24d v128.not none v:v simd
24e v128.and none vv:v simd
24f v128.andnot none vv:v simd
250 v128.or none vv:v simd
251 v128.xor none vv:v simd
252 v128.bitselect none vvv:v simd
253 v128.any_true none v:i simd
254 v128.load8_lane memarg_lane iv:v simd align=0 traps=memoryOutOfBounds
255 v128.load16_lane memarg_lane iv:v simd align=1 traps=memoryOutOfBounds
256 v128.load32_lane memarg_lane iv:v simd align=2 traps=memoryOutOfBounds
257 v128.load64_lane memarg_lane iv:v simd align=3 traps=memoryOutOfBounds
258 v128.store8_lane memarg_lane iv: simd align=0 traps=memoryOutOfBounds
259 v128.store16_lane memarg_lane iv: simd align=1 traps=memoryOutOfBounds
25a v128.store32_lane memarg_lane iv: simd align=2 traps=memoryOutOfBounds
25b v128.store64_lane memarg_lane iv: simd align=3 traps=memoryOutOfBounds
25c v128.load32_zero memarg i:v simd align=2 traps=memoryOutOfBounds
25d v128.load64_zero memarg i:v simd align=3 traps=memoryOutOfBounds
25e f32x4.demote_f64x2_zero none v:v simd
25f f64x2.promote_low_f32x4 none v:v simd
260 i8x16.abs none v:v simd
261 i8x16.neg none v:v simd
262 i8x16.popcnt none v:v simd
263 i8x16.all_true none v:i simd
264 i8x16.bitmask none v:i simd
265 i8x16.narrow_i16x8_s none vv:v simd
266 i8x16.narrow_i16x8_u none vv:v simd
267 f32x4.ceil none v:v simd
268 f32x4.floor none v:v simd
269 f32x4.trunc none v:v simd
26a f32x4.nearest none v:v simd
26b i8x16.shl none vi:v simd
26c i8x16.shr_s none vi:v simd
26d i8x16.shr_u none vi:v simd
26e i8x16.add none vv:v simd
26f i8x16.add_sat_s none vv:v simd
270 i8x16.add_sat_u none vv:v simd
271 i8x16.sub none vv:v simd
272 i8x16.sub_sat_s none vv:v simd
273 i8x16.sub_sat_u none vv:v simd
274 f64x2.ceil none v:v simd
275 f64x2.floor none v:v simd
276 i8x16.min_s none vv:v simd
277 i8x16.min_u none vv:v simd
278 i8x16.max_s none vv:v simd
279 i8x16.max_u none vv:v simd
27a f64x2.trunc none v:v simd
27b i8x16.avgr_u none vv:v simd
27c i16x8.extadd_pairwise_i8x16_s none v:v simd
27d i16x8.extadd_pairwise_i8x16_u none v:v simd
27e i32x4.extadd_pairwise_i16x8_s none v:v simd
27f i32x4.extadd_pairwise_i16x8_u none v:v simd
280 i16x8.abs none v:v simd
281 i16x8.neg none v:v simd
282 i16x8.q15mulr_sat_s none vv:v simd
283 i16x8.all_true none v:i simd
284 i16x8.bitmask none v:i simd
285 i16x8.narrow_i32x4_s none vv:v simd
286 i16x8.narrow_i32x4_u none vv:v simd
287 i16x8.extend_low_i8x16_s none v:v simd
288 i16x8.extend_high_i8x16_s none v:v simd
289 i16x8.extend_low_i8x16_u none v:v simd
28a i16x8.extend_high_i8x16_u none v:v simd
28b i16x8.shl none vi:v simd
28c i16x8.shr_s none vi:v simd
28d i16x8.shr_u none vi:v simd
28e i16x8.add none vv:v simd
28f i16x8.add_sat_s none vv:v simd
290 i16x8.add_sat_u none vv:v simd
291 i16x8.sub none vv:v simd
292 i16x8.sub_sat_s none vv:v simd
293 i16x8.sub_sat_u none vv:v simd
294 f64x2.nearest none v:v simd
295 i16x8.mul none vv:v simd
296 i16x8.min_s none vv:v simd
297 i16x8.min_u none vv:v simd
298 i16x8.max_s none vv:v simd
299 i16x8.max_u none vv:v simd
29b i16x8.avgr_u none vv:v simd
29c i16x8.extmul_low_i8x16_s none vv:v simd
29d i16x8.extmul_high_i8x16_s none vv:v simd
29e i16x8.extmul_low_i8x16_u none vv:v simd
29f i16x8.extmul_high_i8x16_u none vv:v simd
2a0 i32x4.abs none v:v simd
2a1 i32x4.neg none v:v simd
2a3 i32x4.all_true none v:i simd
2a4 i32x4.bitmask none v:i simd
2a7 i32x4.extend_low_i16x8_s none v:v simd
2a8 i32x4.extend_high_i16x8_s none v:v simd
2a9 i32x4.extend_low_i16x8_u none v:v simd
2aa i32x4.extend_high_i16x8_u none v:v simd
2ab i32x4.shl none vi:v simd
2ac i32x4.shr_s none vi:v simd
2ad i32x4.shr_u none vi:v simd
2ae i32x4.add none vv:v simd
2b1 i32x4.sub none vv:v simd
2b5 i32x4.mul none vv:v simd
2b6 i32x4.min_s none vv:v simd
2b7 i32x4.min_u none vv:v simd
2b8 i32x4.max_s none vv:v simd
2b9 i32x4.max_u none vv:v simd
2ba i32x4.dot_i16x8_s none vv:v simd
2bc i32x4.extmul_low_i16x8_s none vv:v simd
2bd i32x4.extmul_high_i16x8_s none vv:v simd
2be i32x4.extmul_low_i16x8_u none vv:v simd
2bf i32x4.extmul_high_i16x8_u none vv:v simd
2c0 i64x2.abs none v:v simd
2c1 i64x2.neg none v:v simd
2c3 i64x2.all_true none v:i simd
2c4 i64x2.bitmask none v:i simd
2c7 i64x2.extend_low_i32x4_s none v:v simd
2c8 i64x2.extend_high_i32x4_s none v:v simd
2c9 i64x2.extend_low_i32x4_u none v:v simd
2ca i64x2.extend_high_i32x4_u none v:v simd
2cb i64x2.shl none vi:v simd
2cc i64x2.shr_s none vi:v simd
2cd i64x2.shr_u none vi:v simd
2ce i64x2.add none vv:v simd
2d1 i64x2.sub none vv:v simd
2d5 i64x2.mul none vv:v simd
2d6 i64x2.eq none vv:v simd
2d7 i64x2.ne none vv:v simd
2d8 i64x2.lt_s none vv:v simd
2d9 i64x2.gt_s none vv:v simd
2da i64x2.le_s none vv:v simd
2db i64x2.ge_s none vv:v simd
2dc i64x2.extmul_low_i32x4_s none vv:v simd
2dd i64x2.extmul_high_i32x4_s none vv:v simd
2de i64x2.extmul_low_i32x4_u none vv:v simd
2df i64x2.extmul_high_i32x4_u none vv:v simd
2e0 f32x4.abs none v:v simd
2e1 f32x4.neg none v:v simd
2e3 f32x4.sqrt none v:v simd
2e4 f32x4.add none vv:v simd
2e5 f32x4.sub none vv:v simd
2e6 f32x4.mul none vv:v simd
2e7 f32x4.div none vv:v simd
2e8 f32x4.min none vv:v simd
2e9 f32x4.max none vv:v simd
2ea f32x4.pmin none vv:v simd
2eb f32x4.pmax none vv:v simd
2ec f64x2.abs none v:v simd
2ed f64x2.neg none v:v simd
2ef f64x2.sqrt none v:v simd
2f0 f64x2.add none vv:v simd
2f1 f64x2.sub none vv:v simd
2f2 f64x2.mul none vv:v simd
2f3 f64x2.div none vv:v simd
2f4 f64x2.min none vv:v simd
2f5 f64x2.max none vv:v simd
2f6 f64x2.pmin none vv:v simd
2f7 f64x2.pmax none vv:v simd
2f8 i32x4.trunc_sat_f32x4_s none v:v simd
2f9 i32x4.trunc_sat_f32x4_u none v:v simd
2fa f32x4.convert_i32x4_s none v:v simd
2fb f32x4.convert_i32x4_u none v:v simd
2fc i32x4.trunc_sat_f64x2_s_zero none v:v simd
2fd i32x4.trunc_sat_f64x2_u_zero none v:v simd
2fe f64x2.convert_low_i32x4_s none v:v simd
2ff f64x2.convert_low_i32x4_u none v:v simd

## relaxed-simd
300 i8x16.relaxed_swizzle none vv:v simd
301 i32x4.relaxed_trunc_f32x4_s none v:v simd
302 i32x4.relaxed_trunc_f32x4_u none v:v simd
303 i32x4.relaxed_trunc_f64x2_s_zero none v:v simd
304 i32x4.relaxed_trunc_f64x2_u_zero none v:v simd
305 f32x4.relaxed_madd none vvv:v simd
306 f32x4.relaxed_nmadd none vvv:v simd
307 f64x2.relaxed_madd none vvv:v simd
308 f64x2.relaxed_nmadd none vvv:v simd
309 i8x16.relaxed_laneselect none vvv:v simd
30a i16x8.relaxed_laneselect none vvv:v simd
30b i32x4.relaxed_laneselect none vvv:v simd
30c i64x2.relaxed_laneselect none vvv:v simd
30d f32x4.relaxed_min none vv:v simd
30e f32x4.relaxed_max none vv:v simd
30f f64x2.relaxed_min none vv:v simd
310 f64x2.relaxed_max none vv:v simd
311 i16x8.relaxed_q15mulr_s none vv:v simd
312 i16x8.relaxed_dot_i8x16_i7x16_s none vv:v simd
313 i32x4.relaxed_dot_i8x16_i7x16_add_s none vvv:v simd
`;
